{{/*
Expand the name of the chart.
*/}}
{{- define "api.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "api.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
