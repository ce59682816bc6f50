{{/* ======================================================================================
     One service of the system: ConfigMap (plain settings), Deployment, Service, and when
     asked for a PodDisruptionBudget and a HorizontalPodAutoscaler. Called by services.yaml with
       (dict "root" $ "name" "user-service" "values" .Values.userService "grpc" true
             "env" (dict ...plain settings...) "secretEnv" (list (dict "name" .. "key" .. "optional" ..)))
     Credentials never appear here: only secretKeyRefs to the credentials Secret.
     ====================================================================================== */}}
{{- define "microcomm.app" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $fullname := printf "%s-%s" (include "microcomm.fullname" $root) .name -}}
{{- $labelArgs := dict "root" $root "name" .name "component" "backend" -}}
{{- $env := merge (dict) $v.extraEnv .env -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "microcomm.labels" $labelArgs | nindent 4 }}
data:
  {{- range $key, $value := $env }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "microcomm.labels" $labelArgs | nindent 4 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "microcomm.selectorLabels" $labelArgs | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "microcomm.labels" $labelArgs | nindent 8 }}
      annotations:
        # Roll the pods when their settings change.
        checksum/config: {{ $env | toJson | sha256sum }}
        prometheus.io/scrape: "true"
        prometheus.io/path: /q/metrics
        prometheus.io/port: "8080"
    spec:
      # The services never call the Kubernetes API, and service links would pour env vars into
      # Quarkus' configuration.
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with $root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- include "microcomm.podSecurityContext" 185 | nindent 8 }}
      containers:
        - name: {{ .name }}
          image: {{ include "microcomm.serviceImage" (dict "root" $root "image" $v.image) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            {{- if .grpc }}
            - name: grpc
              containerPort: 50051
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ $fullname }}
          {{- with .secretEnv }}
          env:
            {{- range . }}
            - name: {{ .name }}
              valueFrom:
                secretKeyRef:
                  name: {{ include "microcomm.secretName" $root }}
                  key: {{ .key }}
                  {{- if .optional }}
                  optional: true
                  {{- end }}
            {{- end }}
          {{- end }}
          # Startup gates the other two; readiness covers the database and the brokers (and, for
          # user-service, the gRPC server).
          startupProbe:
            httpGet: {path: /q/health/started, port: http}
            periodSeconds: 5
            failureThreshold: 36
            timeoutSeconds: 5
          readinessProbe:
            httpGet: {path: /q/health/ready, port: http}
            periodSeconds: 10
            failureThreshold: 3
            timeoutSeconds: 5
          livenessProbe:
            httpGet: {path: /q/health/live, port: http}
            periodSeconds: 10
            failureThreshold: 3
            timeoutSeconds: 5
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "microcomm.containerSecurityContext" (dict "readOnlyRootFilesystem" true) | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        # The root filesystem is read-only; the JVM and Vert.x write their temp files here.
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "microcomm.labels" $labelArgs | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "microcomm.selectorLabels" $labelArgs | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
    {{- if .grpc }}
    - name: grpc
      port: 50051
      targetPort: grpc
      protocol: TCP
      appProtocol: grpc
    {{- end }}
{{- if or (gt (int $v.replicas) 1) $v.autoscaling.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "microcomm.labels" $labelArgs | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      {{- include "microcomm.selectorLabels" $labelArgs | nindent 6 }}
{{- end }}
{{- if $v.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "microcomm.labels" $labelArgs | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $fullname }}
  minReplicas: {{ $v.autoscaling.minReplicas }}
  maxReplicas: {{ $v.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $v.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}
