# Entry of every DinD swarm node (run as: sh -c "$this" node-entry DOCKERD_ARGS...).
# All nodes of a run share one volume at /var/lib/docker; each node's dockerd has its own data
# root in it, nodes/$MH_NODE. When the node image is a node seed (a DinD image carrying
# /seed/docker-data.tar: a data root whose image store already holds the stack's images), the
# first node unpacks the seed once into the volume and every node starts from a copy of it whose
# image layers are the unpacked ones: overlay2/<layer id> is a symbolic link into the seed, and
# overlay2/l (the short names overlay mounts use) a copy. The images arrive in about the time of
# one unpack, not one `docker load` per node. overlay2 never writes into an image layer's directory
# after creating it (containers get layers of their own, and removing an image removes the link),
# so daemons can share them; everything else (databases, swarm state) is copied.
set -eu
shared=/var/lib/docker
me="$shared/nodes/$MH_NODE"
if [ ! -d "$me" ]; then
  mkdir -p "$shared/nodes"
  if [ -f /seed/docker-data.tar ]; then
    if mkdir "$shared/.seed-unpacking" 2>/dev/null; then
      tar -xf /seed/docker-data.tar -C "$shared/.seed-unpacking"
      for top in "$shared/.seed-unpacking"/*; do mv "$top" "$shared/.seed"; done # the tar holds one data root
    fi
    waited=0
    while [ ! -d "$shared/.seed" ]; do
      waited=$((waited + 1))
      if [ "$waited" -gt 1200 ]; then
        echo "node-entry: the node seed was not unpacked into the shared volume within 120s" >&2
        exit 1
      fi
      sleep 0.1
    done
    rm -rf "$me.partial"
    mkdir "$me.partial"
    copies="" # one cp for all: with three nodes starting on few cores, each process start counts
    for entry in "$shared/.seed"/*; do
      case "${entry##*/}" in
        overlay2) ;;
        network|engine-id) ;; # per daemon: recreated at start
        *) copies="$copies $entry" ;; # data root entries are single words
      esac
    done
    if [ -d "$shared/.seed/overlay2" ]; then # an engine on the containerd image store has none: all copied
      mkdir "$me.partial/overlay2"
      layers=$(ls -d "$shared/.seed/overlay2"/[0-9a-f]* 2>/dev/null || true) # layer ids: 64 hex digits
      [ -z "$layers" ] || ln -s $layers "$me.partial/overlay2/"
      [ ! -d "$shared/.seed/overlay2/l" ] || cp -a "$shared/.seed/overlay2/l" "$me.partial/overlay2/"
    fi
    [ -z "$copies" ] || cp -a $copies "$me.partial/"
    mv "$me.partial" "$me"
  else
    mkdir -p "$me"
  fi
fi
# containerd first, then dockerd told where it is. A dockerd that starts its own containerd dials
# it before it listens and waits out gRPC's 1 s reconnect backoff: about 0.9 s of every node start.
# Same root, state and socket as dockerd's managed containerd, so a node seed's data carries over.
run=/var/run/docker/containerd
mkdir -p "$run"
rm -f "$run/containerd.sock" "$run/containerd.sock.ttrpc" # left by a killed node that is started again
printf 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n' >"$run/containerd.toml"
containerd --config "$run/containerd.toml" --root "$me/containerd/daemon" --state "$run/daemon" \
  --address "$run/containerd.sock" &
waited=0
while [ ! -S "$run/containerd.sock" ]; do
  waited=$((waited + 1))
  if [ "$waited" -gt 1500 ]; then
    echo "node-entry: containerd did not listen on $run/containerd.sock within 30s" >&2
    exit 1
  fi
  kill -0 $! 2>/dev/null || { echo "node-entry: containerd exited before listening" >&2; exit 1; }
  sleep 0.02
done
exec dockerd-entrypoint.sh dockerd "$@" --data-root="$me" --containerd="$run/containerd.sock"
