package dev.menderharness.checks;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import java.util.List;

/** Finds services by the component they run (image repository), never by name. */
public final class Roles {

    /** The stateless Mender APIs the scaling and recovery checks work on. */
    public static final List<MenderComponent> STATELESS_APIS = List.of(
            MenderComponent.DEVICEAUTH, MenderComponent.DEPLOYMENTS, MenderComponent.INVENTORY, MenderComponent.USERADM);

    private Roles() {
    }

    public static ServiceSpec service(RunningStack stack, MenderComponent component) {
        return StackRoles.service(stack.topology(), component);
    }

    public static String name(RunningStack stack, MenderComponent component) {
        return service(stack, component).name();
    }

}
