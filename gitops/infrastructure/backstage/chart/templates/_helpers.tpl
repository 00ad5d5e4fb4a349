{{/* Chart name, truncated to a DNS label. */}}
{{- define "backstage.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object name prefix: the release name, plus the chart name when they differ. */}}
{{- define "backstage.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Selector labels: stable across upgrades, never add to these. */}}
{{- define "backstage.selectorLabels" -}}
app.kubernetes.io/name: {{ include "backstage.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The four NeuroScale ownership labels. */}}
{{- define "backstage.platformLabels" -}}
neuroscale.io/owner: {{ .Values.platformLabels.owner | quote }}
neuroscale.io/team: {{ .Values.platformLabels.team | quote }}
neuroscale.io/cost-center: {{ .Values.platformLabels.costCenter | quote }}
neuroscale.io/env: {{ .Values.platformLabels.env | quote }}
{{- end -}}

{{/* Labels for every object. */}}
{{- define "backstage.labels" -}}
{{ include "backstage.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "backstage.platformLabels" . }}
{{- end -}}
