package dev.menderharness.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated chart of the official Mender chart's size and shape (about 50 rendered documents, 13 of
 * them hooks: MongoDB as pre-install hooks and a migration Job per service; Services and Deployments
 * through a shared pod-template helper; envFrom of shared Secrets; a Traefik ConfigMap; a test hook; a
 * vendored subchart), for the validator benchmark: the official chart is not in the repository.
 */
final class BenchmarkChart {
    record Svc(String name, String image, String prefix) {
    }

    static final List<Svc> SERVICES = List.of(
            new Svc("deployments", "deployments", "DEPLOYMENTS"), new Svc("device-auth", "deviceauth", "DEVICEAUTH"),
            new Svc("useradm", "useradm", "USERADM"), new Svc("inventory", "inventory", "INVENTORY"),
            new Svc("workflows-server", "workflows", "WORKFLOWS"), new Svc("deviceconfig", "deviceconfig", "DEVICECONFIG"),
            new Svc("deviceconnect", "deviceconnect", "DEVICECONNECT"), new Svc("iot-manager", "iot-manager", "IOT_MANAGER"),
            new Svc("create-artifact-worker", "create-artifact-worker", "WORKFLOWS"), new Svc("gui", "gui", "GUI"));

    private BenchmarkChart() {
    }

    static Path write(Path dir) throws IOException {
        Path t = Files.createDirectories(dir.resolve("templates"));
        Files.createDirectories(dir.resolve("charts/queue/templates"));
        w(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: v4.1.3\n"
                + "dependencies:\n  - name: queue\n    version: 1.0.0\n");
        StringBuilder values = new StringBuilder("global:\n  url: https://mender.example.com\n  mongoPassword: benchpassword\n"
                + "deployments:\n  replicas: 1\nservices:\n");
        for (Svc s : SERVICES) {
            values.append("  ").append(s.name()).append(":\n    image: ").append(s.image()).append("\n    prefix: ").append(s.prefix())
                    .append("\n    replicas: 1\n");
        }
        w(dir.resolve("values.yaml"), values.toString());
        w(t.resolve("_helpers.tpl"), """
                {{- define "bench.labels" -}}
                app.kubernetes.io/part-of: mender
                app.kubernetes.io/instance: {{ .Release.Name }}
                {{- end -}}
                {{- define "bench.podtemplate" -}}
                containers:
                  - name: {{ .name }}
                    image: mendersoftware/{{ .svc.image }}:v4.1.3
                    {{- if eq .svc.image "workflows" }}
                    args: [server]
                    {{- end }}
                    env:
                      - name: {{ .svc.prefix }}_LISTEN
                        value: ":8080"
                      - name: LOG_LEVEL
                        value: info
                    envFrom:
                      - prefix: {{ .svc.prefix }}_
                        secretRef:
                          name: mongodb-common
                {{- end -}}
                """);
        StringBuilder svc = new StringBuilder();
        svc.append("""
                {{- range $name, $svc := .Values.services }}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: mender-{{ $name }}
                  labels:
                    {{- include "bench.labels" $ | nindent 4 }}
                spec:
                  selector:
                    app: {{ $name }}
                  ports:
                    - name: http
                      port: 8080
                      targetPort: 8080
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: mender-{{ $name }}
                spec:
                  replicas: {{ $svc.replicas }}
                  selector:
                    matchLabels:
                      app: {{ $name }}
                  template:
                    metadata:
                      labels:
                        app: {{ $name }}
                    spec:
                      {{- include "bench.podtemplate" (dict "name" $name "svc" $svc) | nindent 6 }}
                ---
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: mender-{{ $name }}-migration
                  annotations:
                    "helm.sh/hook": pre-install,pre-upgrade
                    "helm.sh/hook-weight": "10"
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      {{- include "bench.podtemplate" (dict "name" $name "svc" $svc) | nindent 6 }}
                {{- end }}
                """);
        w(t.resolve("services.yaml"), svc.toString());
        w(t.resolve("secrets.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: mongodb-common
                data:
                  MONGO: {{ printf "mongodb://root:%s@mender-mongodb:27017" .Values.global.mongoPassword | b64enc | quote }}
                  MONGO_URL: {{ printf "mongodb://root:%s@mender-mongodb:27017" .Values.global.mongoPassword | b64enc | quote }}
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: mender-mongodb
                  annotations:
                    "helm.sh/hook": pre-install
                    "helm.sh/hook-weight": "-100"
                data:
                  password: {{ .Values.global.mongoPassword | b64enc | quote }}
                """);
        w(t.resolve("mongodb.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: mender-mongodb
                  annotations:
                    "helm.sh/hook": pre-install
                    "helm.sh/hook-weight": "-100"
                spec:
                  selector: {app: mongodb}
                  ports:
                    - {name: mongodb, port: 27017, targetPort: mongodb}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: mender-mongodb
                  annotations:
                    "helm.sh/hook": pre-install
                    "helm.sh/hook-weight": "-100"
                spec:
                  selector: {matchLabels: {app: mongodb}}
                  template:
                    metadata: {labels: {app: mongodb}}
                    spec:
                      containers:
                        - name: mongodb
                          image: mongo:8.0
                          ports: [{name: mongodb, containerPort: 27017}]
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: mender-mongodb
                  annotations:
                    "helm.sh/hook": pre-install
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 8Gi}}
                """);
        // Routers as the official chart has them: management (user token), device (device token), the open ones.
        String[][] routes = {
                {"deployments", "^/api/devices/v[0-9a-z]+/deployments", "devauth", "deployments"},
                {"deploymentsDL", "^/api/devices/v[0-9a-z]+/deployments/download", "", "deployments"},
                {"deploymentsMgmt", "^/api/management/v[0-9a-z]+/deployments", "userauth", "deployments"},
                {"deviceauth", "^/api/devices/v[0-9a-z]+/authentication", "", "device-auth"},
                {"deviceauthMgmt", "^/api/management/v[0-9a-z]+/devauth", "userauth", "device-auth"},
                {"deviceconfig", "^/api/devices/v[0-9a-z]+/deviceconfig", "devauth", "deviceconfig"},
                {"deviceconfigMgmt", "^/api/management/v[0-9a-z]+/deviceconfig", "userauth", "deviceconfig"},
                {"deviceconnect", "^/api/devices/v[0-9a-z]+/deviceconnect", "devauth", "deviceconnect"},
                {"deviceconnectMgmt", "^/api/management/v[0-9a-z]+/deviceconnect", "userauth", "deviceconnect"},
                {"inventoryV1", "^/api/devices/v1/inventory", "devauth", "inventory"},
                {"inventoryMgmtV1", "^/api/management/v1/inventory", "userauth", "inventory"},
                {"inventoryMgmtV2", "^/api/management/v2[a-z0-9]*/inventory", "userauth", "inventory"},
                {"iot-manager", "^/api/management/v[0-9a-z]+/iot-manager", "userauth", "iot-manager"},
                {"useradm", "^/api/management/v[0-9a-z]+/useradm", "userauth", "useradm"},
                {"useradmNoAuth", "^/api/management/v[0-9a-z]+/useradm/(auth|oauth2|oidc)", "", "useradm"}};
        StringBuilder routers = new StringBuilder();
        for (String[] r : routes) {
            routers.append("        ").append(r[0]).append(":\n          entrypoints: http\n          middlewares:\n          - ratelimit\n");
            if (!r[2].isEmpty()) routers.append("          - ").append(r[2]).append('\n');
            routers.append("          - compression\n          rule: \"PathRegexp(`").append(r[1]).append("`)\"\n          service: ")
                    .append(r[3]).append("\n          tls: false\n");
        }
        StringBuilder services = new StringBuilder();
        for (Svc s : SERVICES) {
            services.append("        ").append(s.name()).append(":\n          loadBalancer:\n            servers:\n              - url: \"http://mender-")
                    .append(s.name()).append(":8080\"\n");
        }
        w(t.resolve("api-gateway.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-gateway-traefik\ndata:\n  traefik.yaml: |-\n"
                + "    http:\n      routers:\n" + routers + "      services:\n" + services
                + "      middlewares:\n        ratelimit:\n          ratelimit: {average: 100, burst: 100}\n"
                + "        compression:\n          compress: true\n        userauth:\n          forwardAuth:\n"
                + "            address: \"http://mender-useradm:8080/api/internal/v1/useradm/auth/verify\"\n"
                + "        devauth:\n          forwardAuth:\n"
                + "            address: \"http://mender-device-auth:8080/api/internal/v1/devauth/tokens/verify\"\n"
                + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: mender-api-gateway\nspec:\n  selector: {app: api-gateway}\n"
                + "  ports: [{port: 80, targetPort: 9080}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: mender-api-gateway\n"
                + "spec:\n  selector: {matchLabels: {app: api-gateway}}\n  template:\n    metadata: {labels: {app: api-gateway}}\n    spec:\n"
                + "      containers:\n        - name: traefik\n          image: traefik:v3.5.3\n          args: [--entrypoints.http.address=:9080]\n");
        w(t.resolve("test.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bench-test\n  annotations:\n    \"helm.sh/hook\": test\n"
                + "spec:\n  restartPolicy: Never\n  containers: [{name: t, image: busybox:1.36}]\n");
        w(dir.resolve("charts/queue/Chart.yaml"), "apiVersion: v2\nname: queue\nversion: 1.0.0\n");
        w(dir.resolve("charts/queue/templates/queue.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: mender-nats\nspec:\n"
                + "  selector: {app: nats}\n  ports: [{name: nats, port: 4222, targetPort: nats}]\n---\napiVersion: apps/v1\nkind: StatefulSet\n"
                + "metadata:\n  name: mender-nats\nspec:\n  serviceName: mender-nats\n  selector: {matchLabels: {app: nats}}\n  template:\n"
                + "    metadata: {labels: {app: nats}}\n    spec:\n      containers:\n        - name: nats\n          image: nats:2.10-alpine\n"
                + "          ports: [{name: nats, containerPort: 4222}]\n");
        return dir;
    }

    private static void w(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8);
    }
}
