package dev.menderharness.checks;

import dev.menderharness.contract.MenderComponent;
import java.net.URI;
import java.util.Map;

/**
 * One cheap authenticated management GET per Mender API, answered 200 by that service behind the
 * gateway (contract §4.1, §6): the request the scaling and recovery checks send through the gateway.
 */
public final class GatewayRoutes {

    private static final Map<MenderComponent, String> MANAGEMENT_GET = Map.of(
            MenderComponent.DEPLOYMENTS, "/api/management/v1/deployments/artifacts",
            MenderComponent.DEVICEAUTH, "/api/management/v2/devauth/devices",
            MenderComponent.INVENTORY, "/api/management/v1/inventory/devices",
            MenderComponent.USERADM, "/api/management/v1/useradm/users");

    /** Management path without a token: the gateway's auth_request must refuse it with 401. */
    public static final String UNAUTHENTICATED_PROBE = "/api/management/v1/useradm/users";
    /** GET on the device auth endpoint: 405 from deviceauth through the gateway (Mender's own readiness probe). */
    public static final String AUTH_REQUESTS = "/api/devices/v1/authentication/auth_requests";

    private GatewayRoutes() {
    }

    public static String managementGet(MenderComponent c) {
        String p = MANAGEMENT_GET.get(c);
        if (p == null) {
            throw new IllegalArgumentException(c + " has no management route the checks use");
        }
        return p;
    }

    public static URI managementGet(URI gateway, MenderComponent c) {
        return gateway.resolve(managementGet(c));
    }
}
