package dev.menderharness.images;

import dev.menderharness.support.TempDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root of every fixture image on hosts with no registry: a Debian bookworm minbase root
 * filesystem made by {@code debootstrap} from the host's own mirror and imported with
 * {@code docker import}. Tagged by a hash of its recipe and reused whenever that tag exists.
 */
public final class BaseImageBuilder {
    static final String SUITE = "bookworm";
    static final String VARIANT = "minbase";
    /** Bump when the recipe below changes in a way the hash cannot see. */
    private static final String RECIPE_VERSION = "2";

    /**
     * Run in the debootstrapped tree before import: what no container here reads (docs, man and
     * info pages, translations, the .debs debootstrap leaves in the apt cache, the apt lists, which
     * every Dockerfile refreshes with apt-get update anyway), about 130 of 200 MB. A dpkg config keeps
     * later apt-get installs in fixture Dockerfiles from adding docs back. Shell, coreutils, libc-bin
     * (getent, used by the DNS checks), apt and dpkg stay.
     */
    static final String SLIM_SCRIPT = """
            set -e
            cd "$1"
            rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* \
              usr/share/man/* usr/share/info/* usr/share/lintian usr/share/linda var/cache/debconf/*-old var/log/*
            find usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete
            find usr/share/doc -mindepth 1 -type d -empty -delete
            find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
            mkdir -p var/lib/apt/lists/partial etc/dpkg/dpkg.cfg.d
            cat > etc/dpkg/dpkg.cfg.d/01-mender-harness-slim <<'CFG'
            # mender-harness base image: no docs, man/info pages or translations from later installs
            path-exclude /usr/share/doc/*
            path-include /usr/share/doc/*/copyright
            path-exclude /usr/share/man/*
            path-exclude /usr/share/info/*
            path-exclude /usr/share/locale/*
            path-include /usr/share/locale/locale.alias
            path-exclude /usr/share/lintian/*
            CFG
            """;

    private final DockerCli docker;
    private final Path aptDir;

    public BaseImageBuilder(DockerCli docker, Path aptDir) {
        this.docker = docker;
        this.aptDir = aptDir;
    }

    public BaseImageBuilder(DockerCli docker) {
        this(docker, Path.of("/etc/apt"));
    }

    public String mirror() {
        return AptMirror.find(aptDir);
    }

    /** {@code mender-harness/base:bookworm-<hash of suite, variant, mirror, recipe>}. */
    public String tag() {
        String hash = new InputHash("base").text(RECIPE_VERSION).text(SLIM_SCRIPT).text(SUITE).text(VARIANT).text(mirror()).hex12();
        return FixtureImage.REPOSITORY_PREFIX + "base:" + SUITE + "-" + hash;
    }

    public Optional<String> existingId() {
        return docker.imageId(tag());
    }

    /** Builds the base image unless it exists (or {@code force}); returns true when it was built. */
    public boolean ensure(boolean force) {
        String tag = tag();
        if (!force && docker.imageId(tag).isPresent()) return false;
        requireRootAndDebootstrap();
        Path rootfs;
        try {
            rootfs = TempDirs.create("mender-harness-rootfs-");
        } catch (IOException e) {
            throw new ImageException("cannot create a temporary directory for debootstrap: " + e.getMessage(), e);
        }
        try {
            String mirror = mirror();
            DockerCli.Result r = DockerCli.runCommand(
                    List.of("debootstrap", "--variant=" + VARIANT, SUITE, rootfs.toString(), mirror), Map.of(), 1800);
            if (!r.ok()) {
                throw new ImageException("debootstrap --variant=" + VARIANT + " " + SUITE + " DIR " + mirror
                        + " failed (exit " + r.exitCode() + "), last 40 lines:\n" + r.tail(40));
            }
            DockerCli.Result slim = DockerCli.runCommand(List.of("sh", "-c", SLIM_SCRIPT, "slim", rootfs.toString()), Map.of(), 600);
            if (!slim.ok()) {
                throw new ImageException("slimming the debootstrapped tree " + rootfs + " failed (exit " + slim.exitCode()
                        + "): " + slim.tail(5));
            }
            docker.importRootfs(rootfs, tag, List.of(
                    "LABEL " + FixtureImage.LABEL + "=base",
                    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "CMD [\"/bin/bash\"]"));
            return true;
        } finally {
            DockerCli.runCommand(List.of("rm", "-rf", rootfs.toString()), Map.of(), 600);
        }
    }

    private static void requireRootAndDebootstrap() {
        DockerCli.Result id = DockerCli.runCommand(List.of("id", "-u"), Map.of(), 10);
        if (!id.output().trim().equals("0")) {
            throw new ImageException("building the base image runs debootstrap, which needs root (uid is "
                    + id.output().trim() + "); run 'images build' as root");
        }
        DockerCli.Result which = DockerCli.runCommand(List.of("sh", "-c", "command -v debootstrap"), Map.of(), 10);
        if (!which.ok()) {
            throw new ImageException("debootstrap is not installed: apt-get install -y debootstrap (needed to build the base image)");
        }
    }
}
