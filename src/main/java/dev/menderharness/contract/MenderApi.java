package dev.menderharness.contract;

import java.util.List;

/**
 * Mender's public API paths the harness uses, behind the gateway (4.x; the same in 3.x). The one
 * home of these paths: readiness probes, checks and the API client all read them here.
 */
public final class MenderApi {

    /** POST with Basic auth: 200 and a user JWT ({@code useradm}). */
    public static final String LOGIN = "/api/management/v1/useradm/auth/login";
    /** GET: the user list; 401 without a token (Mender's own gateway readiness probe). */
    public static final String USERS = "/api/management/v1/useradm/users";
    /** POST: a device's auth request; GET answers 405 (Mender's own gateway readiness probe). */
    public static final String AUTH_REQUESTS = "/api/devices/v1/authentication/auth_requests";
    /** GET: devices known to deviceauth; PUT .../{id}/auth/{aid}/status accepts one. */
    public static final String DEVAUTH_DEVICES = "/api/management/v2/devauth/devices";
    /** GET: the artifact list; POST multipart: upload. */
    public static final String ARTIFACTS = "/api/management/v1/deployments/artifacts";
    /** The GUI's entry page: {@code /} redirects here. */
    public static final String UI = "/ui/";
    /** GET: devices in the inventory. */
    public static final String INVENTORY_DEVICES = "/api/management/v1/inventory/devices";
    /** Device API: its own inventory attributes (device token). */
    public static final String DEVICE_ATTRIBUTES = "/api/devices/v1/inventory/device/attributes";
    /** Device API: the next deployment for the device (device token). */
    public static final String DEVICE_NEXT_DEPLOYMENT = "/api/devices/v1/deployments/device/deployments/next";
    /**
     * Device API prefix of deployments' download links (HMAC-signed by deployments, no token: the
     * gateway must not ask deviceauth first). deployments 4.x serves
     * {@code .../download/configuration/:deployment_id/:device_type/:device_id} under it: 400 for a
     * link without its signature parameters when {@code DEPLOYMENTS_PRESIGN_SECRET} is set, 404 when not.
     */
    public static final String DEVICE_DOWNLOAD = "/api/devices/v1/deployments/download";
    /** The auth subrequest paths the gateway asks before a management (useradm) or device (deviceauth) route. */
    public static final String USERADM_VERIFY = "/api/internal/v1/useradm/auth/verify";
    public static final String DEVAUTH_VERIFY = "/api/internal/v1/devauth/tokens/verify";

    /** The gateway is ready when GET {@link #USERS} answers 401 and GET {@link #AUTH_REQUESTS} answers 405. */
    public static final List<ExpectedStatus> GATEWAY_READINESS = List.of(
            new ExpectedStatus(USERS, 401), new ExpectedStatus(AUTH_REQUESTS, 405));

    /** A path and the status a ready gateway answers to a GET on it without credentials. */
    public record ExpectedStatus(String path, int status) {
    }

    /** A route to {@code component}: a GET that needs a token (401 without, 200 with). */
    public record Route(MenderComponent component, String path) {
    }

    /** One cheap management GET per stateless Mender API, answered 200 by that service with a user token. */
    public static final List<Route> MANAGEMENT = List.of(
            new Route(MenderComponent.DEPLOYMENTS, ARTIFACTS),
            new Route(MenderComponent.DEVICEAUTH, DEVAUTH_DEVICES),
            new Route(MenderComponent.INVENTORY, INVENTORY_DEVICES),
            new Route(MenderComponent.USERADM, USERS));

    /** Device-side GETs that need a device token (401 without). */
    public static final List<Route> DEVICE = List.of(
            new Route(MenderComponent.INVENTORY, DEVICE_ATTRIBUTES),
            new Route(MenderComponent.DEPLOYMENTS, DEVICE_NEXT_DEPLOYMENT));

    private MenderApi() {
    }

    /** GET: the presigned download link of artifact {@code id} ({@code {"uri": ..., "expire": ...}}). */
    public static String artifactDownload(String id) {
        return ARTIFACTS + "/" + id + "/download";
    }

    /** A configuration deployment's download link of a device, as deployments builds it (without its signature query). */
    public static String deviceConfigurationDownload(String deploymentId, String deviceType, String deviceId) {
        return DEVICE_DOWNLOAD + "/configuration/" + deploymentId + "/" + deviceType + "/" + deviceId;
    }

    /** GET of the device's next deployment; deployments requires both parameters (400 without them), 204 when none. */
    public static String deviceNextDeployment(String artifactName, String deviceType) {
        return DEVICE_NEXT_DEPLOYMENT + "?artifact_name=" + artifactName + "&device_type=" + deviceType;
    }

    /** PUT {@code {"status":"accepted"}}: accepts (or rejects) one auth set of a device. */
    public static String authSetStatus(String deviceId, String authSetId) {
        return DEVAUTH_DEVICES + "/" + deviceId + "/auth/" + authSetId + "/status";
    }

    /** The management GET of {@code component}. */
    public static String managementGet(MenderComponent component) {
        return MANAGEMENT.stream().filter(r -> r.component() == component).findFirst().map(Route::path)
                .orElseThrow(() -> new IllegalArgumentException(component + " has no management route the harness uses"));
    }
}
