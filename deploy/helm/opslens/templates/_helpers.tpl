{{/* Names and labels shared by every object of the chart. */}}

{{- define "opslens.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "opslens.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "opslens.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "opslens.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The Secret and key holding the database URL. */}}
{{- define "opslens.dbSecret" -}}
{{- if .Values.database.existingSecret -}}
{{ .Values.database.existingSecret }}
{{- else -}}
{{ include "opslens.fullname" . }}-db
{{- end -}}
{{- end -}}

{{- define "opslens.dbSecretKey" -}}
{{- if .Values.database.existingSecret -}}
{{ .Values.database.existingSecretKey }}
{{- else -}}
url
{{- end -}}
{{- end -}}

{{/*
Pod annotations: the user's, and a checksum of the database URL when the
chart keeps it, because pods read OPSLENS_DB only at start: a new URL must
roll them. An existing Secret is the operator's to roll out.
*/}}
{{- define "opslens.podAnnotations" -}}
{{- if not .Values.database.existingSecret }}
checksum/database-url: {{ .Values.database.url | sha256sum | quote }}
{{- end }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Scans per web replica: as set, else none when workers run them. */}}
{{- define "opslens.serverScanWorkers" -}}
{{- if kindIs "invalid" .Values.server.scanWorkers -}}
{{ ternary 0 1 (gt (int .Values.worker.replicaCount) 0) }}
{{- else -}}
{{ .Values.server.scanWorkers }}
{{- end -}}
{{- end -}}

{{/* Environment common to the web replicas and the workers. */}}
{{- define "opslens.env" -}}
- name: OPSLENS_DB
  valueFrom:
    secretKeyRef:
      name: {{ include "opslens.dbSecret" . }}
      key: {{ include "opslens.dbSecretKey" . }}
- name: OPSLENS_DB_WAIT
  value: {{ .Values.database.wait | quote }}
- name: OPSLENS_LOG_FORMAT
  value: json
- name: OPSLENS_WORK_DIR
  value: /tmp/opslens-clones
{{- end -}}
