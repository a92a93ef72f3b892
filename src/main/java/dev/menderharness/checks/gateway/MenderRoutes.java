package dev.menderharness.checks.gateway;

import dev.menderharness.contract.MenderComponent;
import java.util.List;

/**
 * Gateway routes per component (Mender's public API, contract §4.1 and §6): for each, a GET that
 * needs a user token (401 without, 200 with) so a request proves it went through the gateway's auth
 * and reached the component.
 */
public final class MenderRoutes {

    /** A management list call answered by {@code component}. */
    public record Route(MenderComponent component, String path) {
    }

    public static final List<Route> MANAGEMENT = List.of(
            new Route(MenderComponent.DEPLOYMENTS, "/api/management/v1/deployments/artifacts"),
            new Route(MenderComponent.DEVICEAUTH, "/api/management/v2/devauth/devices"),
            new Route(MenderComponent.INVENTORY, "/api/management/v1/inventory/devices"),
            new Route(MenderComponent.USERADM, "/api/management/v1/useradm/users"));

    /** Device-side calls that need a device token (401 without). */
    public static final List<Route> DEVICE = List.of(
            new Route(MenderComponent.INVENTORY, "/api/devices/v1/inventory/device/attributes"),
            new Route(MenderComponent.DEPLOYMENTS, "/api/devices/v1/deployments/device/deployments/next"));

    private MenderRoutes() {
    }

    public static Route management(MenderComponent c) {
        return MANAGEMENT.stream().filter(r -> r.component() == c).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no management route known for " + c));
    }
}
