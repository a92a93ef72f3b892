package dev.menderharness.checks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Load and failure traffic goes to loopback only (project network rule); this enforces it. */
public final class Loopback {

    private Loopback() {
    }

    public static URI require(URI target) {
        String host = target.getHost();
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to send test traffic to " + target
                        + ": only loopback targets are allowed (the gateway's published port on localhost)");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host + " in " + target, e);
        }
        return target;
    }
}
