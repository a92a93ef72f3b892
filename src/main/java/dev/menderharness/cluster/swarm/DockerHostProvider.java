package dev.menderharness.cluster.swarm;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.ClusterOptions;
import dev.menderharness.images.DockerCli;
import dev.menderharness.images.FixtureImageSet;
import dev.menderharness.images.FixturePolicy;
import dev.menderharness.images.ImagePolicy;
import dev.menderharness.support.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code docker-host}: the existing swarm whose manager DOCKER_HOST names; one fresh stack per run, removed after. */
public final class DockerHostProvider extends SwarmProvider {
    @Override
    public String name() {
        return "docker-host";
    }

    @Override
    public Cluster create(ClusterOptions options) {
        return DockerHostSwarmCluster.connect(options, policy(options.settings()), options.settings().dockerHost());
    }

    /**
     * The image policy; fixture images are looked up on the engine they were built on
     * ({@code -Ddocker-host.images-from}, default this host's socket), not on DOCKER_HOST's manager.
     */
    static ImagePolicy policy(Settings settings) {
        if (!"fixture".equals(settings.imagePolicy())) return ImagePolicy.of(settings);
        return FixturePolicy.local(FixtureImageSet.forProject(settings.projectDir(),
                new ImagesEngineCli(settings.dockerCli(), settings.dockerHostImagesFrom().toString())));
    }

    /** The docker CLI aimed at the engine holding the fixture images, whatever DOCKER_HOST says. */
    static final class ImagesEngineCli extends DockerCli {
        private final String dockerHost;

        ImagesEngineCli(String executable, String dockerHost) {
            super(executable);
            this.dockerHost = dockerHost;
        }

        @Override
        public Result run(List<String> args, Map<String, String> env, long timeoutSeconds) {
            Map<String, String> withHost = new HashMap<>(env);
            withHost.put("DOCKER_HOST", dockerHost);
            return super.run(args, withHost, timeoutSeconds);
        }
    }
}
