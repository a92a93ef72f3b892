package dev.menderharness.contract;

import java.util.List;

/**
 * The Mender 4.x API prefixes a gateway must route, one representative request each, with the
 * component that serves it and the authentication the gateway must ask first (from the open-source
 * chart's and compose file's Traefik routers and the nginx gateway of Mender 3.x; paths from the
 * services' API specifications). The static route check walks every gateway configuration with
 * these requests.
 */
public final class ApiRoutes {

    /** Which token the gateway must verify before forwarding. */
    public enum Auth {
        /** None (login, device authentication requests). */
        NONE,
        /** A user token, verified by useradm ({@code /api/internal/v1/useradm/auth/verify}). */
        USER,
        /** A device token, verified by deviceauth ({@code /api/internal/v1/devauth/tokens/verify}). */
        DEVICE,
        /** Either (presigned downloads carry their own signature). */
        ANY
    }

    /** One request: method, path, the component that must serve it, the auth the gateway must apply. */
    public record Probe(String method, String path, MenderComponent component, Auth auth) {
    }

    public static final List<Probe> PROBES = List.of(
            new Probe("POST", MenderApi.LOGIN, MenderComponent.USERADM, Auth.NONE),
            new Probe("GET", MenderApi.USERS, MenderComponent.USERADM, Auth.USER),
            new Probe("POST", MenderApi.AUTH_REQUESTS, MenderComponent.DEVICEAUTH, Auth.NONE),
            new Probe("GET", MenderApi.DEVAUTH_DEVICES, MenderComponent.DEVICEAUTH, Auth.USER),
            new Probe("GET", MenderApi.ARTIFACTS, MenderComponent.DEPLOYMENTS, Auth.USER),
            new Probe("GET", MenderApi.DEVICE_NEXT_DEPLOYMENT, MenderComponent.DEPLOYMENTS, Auth.DEVICE),
            new Probe("GET", "/api/devices/v1/deployments/download/artifacts/0", MenderComponent.DEPLOYMENTS, Auth.ANY),
            new Probe("GET", MenderApi.INVENTORY_DEVICES, MenderComponent.INVENTORY, Auth.USER),
            new Probe("GET", "/api/management/v2/inventory/filters/attributes", MenderComponent.INVENTORY, Auth.USER),
            new Probe("GET", MenderApi.DEVICE_ATTRIBUTES, MenderComponent.INVENTORY, Auth.DEVICE),
            new Probe("GET", "/api/management/v1/deviceconfig/configurations/device/0", MenderComponent.DEVICECONFIG, Auth.USER),
            new Probe("GET", "/api/devices/v1/deviceconfig/configuration", MenderComponent.DEVICECONFIG, Auth.DEVICE),
            new Probe("GET", "/api/management/v1/deviceconnect/devices/0", MenderComponent.DEVICECONNECT, Auth.USER),
            new Probe("GET", "/api/devices/v1/deviceconnect/connect", MenderComponent.DEVICECONNECT, Auth.DEVICE),
            new Probe("GET", "/api/management/v1/iot-manager/integrations", MenderComponent.IOT_MANAGER, Auth.USER));

    /** Path fragments of the verify endpoints forward-auth must call. */
    public static final String USER_VERIFY = "/api/internal/v1/useradm/auth/verify";
    public static final String DEVICE_VERIFY = "/api/internal/v1/devauth/tokens/verify";

    private ApiRoutes() {
    }
}
