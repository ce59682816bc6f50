#!/usr/bin/env node
// Calls UserService/GetUser the way the original design's Node client does: load proto/user.proto
// with proto-loader and use the service by its bare name (the proto has no package).
// Usage: node get-user.js <userId> [host:port]   (default 127.0.0.1:50051, or USER_GRPC_ADDRESS)
// Also: node get-user.js --health [host:port]     (grpc.health.v1 status of the server)
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = process.argv.slice(2);
const health = args[0] === '--health';
if (health) args.shift();
const userId = health ? null : args[0];
const address = args[1] || (health ? args[0] : null) || process.env.USER_GRPC_ADDRESS || '127.0.0.1:50051';

if (!health && userId === undefined) {
  console.error('usage: get-user.js <userId> [host:port] | --health [host:port]');
  process.exit(2);
}

const deadline = () => new Date(Date.now() + 5000);

if (health) {
  const def = protoLoader.loadSync(path.join(__dirname, 'health.proto'), { enums: String });
  const Health = grpc.loadPackageDefinition(def).grpc.health.v1.Health;
  new Health(address, grpc.credentials.createInsecure()).check({ service: '' }, { deadline: deadline() }, (err, res) => {
    if (err) { console.error(`${grpc.status[err.code]}: ${err.details}`); process.exit(1); }
    console.log(JSON.stringify(res));
  });
} else {
  const def = protoLoader.loadSync(path.join(__dirname, '..', '..', 'proto', 'user.proto'),
    { keepCase: true, longs: String, enums: String, defaults: true });
  const UserService = grpc.loadPackageDefinition(def).UserService;
  const client = new UserService(address, grpc.credentials.createInsecure());
  client.GetUser({ userId }, { deadline: deadline() }, (err, user) => {
    if (err) { console.error(`${grpc.status[err.code]}: ${err.details}`); process.exit(1); }
    console.log(JSON.stringify(user));
  });
}
