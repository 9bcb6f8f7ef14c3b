{{/*
Expand the name of the chart.
*/}}
{{- define "payments.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "payments.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
{{- define "payments.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end }}
