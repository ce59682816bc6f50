# Sourced by the tools' scripts. json PATH: reads JSON on stdin, prints the value at PATH
# (dot-separated keys/indices, e.g. `id`, `0.transport`, `length`); objects and arrays as JSON.
json() {
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const p=process.argv[1].split(".");let x=v;for(const k of p){if(k)x=x?.[k]}console.log(typeof x==="object"?JSON.stringify(x):x)})' "$1"
}
