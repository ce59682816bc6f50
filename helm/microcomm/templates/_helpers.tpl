{{/* ======================================================================================
     Names, labels, addresses and the hardened security contexts shared by every template.
     ====================================================================================== */}}

{{/* Release-scoped prefix of every resource name (max 63 chars minus the longest suffix). */}}
{{- define "microcomm.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of everything the chart renders. Call with (dict "root" $ "name" "user-service" "component" "backend"). */}}
{{- define "microcomm.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: microcomm
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The stable subset used in selectors (a Deployment's selector is immutable: no version in it). */}}
{{- define "microcomm.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Name of the Secret holding every credential (see values.yaml "credentials"). */}}
{{- define "microcomm.secretName" -}}
{{- if .Values.credentials.existingSecret -}}
{{- .Values.credentials.existingSecret -}}
{{- else -}}
{{- printf "%s-credentials" (include "microcomm.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Addresses: the bundled dependency when it is on, else the external one (required then). */}}
{{- define "microcomm.postgresql.host" -}}
{{- if .Values.bundled.postgresql.enabled -}}
{{- printf "%s-postgresql" (include "microcomm.fullname" .) -}}
{{- else -}}
{{- required "external.postgresql.host is required when bundled.postgresql.enabled=false" .Values.external.postgresql.host -}}
{{- end -}}
{{- end -}}
{{- define "microcomm.postgresql.port" -}}
{{- if .Values.bundled.postgresql.enabled -}}5432{{- else -}}{{ .Values.external.postgresql.port }}{{- end -}}
{{- end -}}

{{- define "microcomm.rabbitmq.host" -}}
{{- if .Values.bundled.rabbitmq.enabled -}}
{{- printf "%s-rabbitmq" (include "microcomm.fullname" .) -}}
{{- else -}}
{{- required "external.rabbitmq.host is required when transports.rabbitmq.enabled=true and bundled.rabbitmq.enabled=false" .Values.external.rabbitmq.host -}}
{{- end -}}
{{- end -}}
{{- define "microcomm.rabbitmq.port" -}}
{{- if .Values.bundled.rabbitmq.enabled -}}5672{{- else -}}{{ .Values.external.rabbitmq.port }}{{- end -}}
{{- end -}}
{{- define "microcomm.rabbitmq.vhost" -}}
{{- if .Values.bundled.rabbitmq.enabled -}}/{{- else -}}{{ .Values.external.rabbitmq.virtualHost }}{{- end -}}
{{- end -}}

{{- define "microcomm.kafka.bootstrapServers" -}}
{{- if .Values.bundled.kafka.enabled -}}
{{- printf "%s-kafka:9092" (include "microcomm.fullname" .) -}}
{{- else -}}
{{- required "external.kafka.bootstrapServers is required when transports.kafka.enabled=true and bundled.kafka.enabled=false" .Values.external.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{- define "microcomm.smtp.host" -}}
{{- if .Values.bundled.smtp.enabled -}}
{{- printf "%s-smtp" (include "microcomm.fullname" .) -}}
{{- else -}}
{{- required "external.smtp.host is required when bundled.smtp.enabled=false" .Values.external.smtp.host -}}
{{- end -}}
{{- end -}}
{{- define "microcomm.smtp.port" -}}
{{- if .Values.bundled.smtp.enabled -}}1025{{- else -}}{{ .Values.external.smtp.port }}{{- end -}}
{{- end -}}

{{/* A bundled broker runs only when its transport is on too. */}}
{{- define "microcomm.bundled.kafka" -}}
{{- if and .Values.transports.kafka.enabled .Values.bundled.kafka.enabled -}}true{{- end -}}
{{- end -}}
{{- define "microcomm.bundled.rabbitmq" -}}
{{- if and .Values.transports.rabbitmq.enabled .Values.bundled.rabbitmq.enabled -}}true{{- end -}}
{{- end -}}

{{/* Image reference of a service: <global registry>/<repository>:<tag or appVersion>. */}}
{{- define "microcomm.serviceImage" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.global.imageRegistry -}}
{{- printf "%s/%s:%s" .root.Values.global.imageRegistry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Pod-level hardening; call with the UID/GID the image runs as. */}}
{{- define "microcomm.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level hardening. Call with a dict: readOnlyRootFilesystem (bool). */}}
{{- define "microcomm.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnlyRootFilesystem }}
runAsNonRoot: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}


{{/* A NetworkPolicy peer selecting the pods of one part of this release: (dict "name" .. "release" ..). */}}
{{- define "microcomm.peer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ .name }}
      app.kubernetes.io/instance: {{ .release }}
{{- end -}}
