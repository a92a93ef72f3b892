{{- define "mini.labels" -}}
app.kubernetes.io/part-of: mender
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mini.mongoUrl" -}}
mongodb://root:{{ .Values.mongodb.rootPassword }}@mender-mongodb:27017
{{- end -}}
