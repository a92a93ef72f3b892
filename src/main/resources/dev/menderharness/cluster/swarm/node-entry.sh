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
seed=/seed/docker-data.tar

# containerd is started here and handed to dockerd (--containerd): a dockerd that starts its own
# dials it before it listens and waits out gRPC's 1 s reconnect backoff. It needs nothing from the
# data root, so it starts first, in its own directory, while the seed is unpacked and linked
# (0.5-1.2 s with three nodes on 2 cores, otherwise spent after them). Except when the seed comes
# from an engine on the containerd image store (no overlay2 in it): its images are containerd's
# data, so containerd starts from the node's copy of it, once that is made.
run=/var/run/docker/containerd
start_containerd() {
  mkdir -p "$run" "$1"
  rm -f "$run/containerd.sock" "$run/containerd.sock.ttrpc" # left by a killed node that is started again
  printf 'version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n' >"$run/containerd.toml"
  containerd --config "$run/containerd.toml" --root "$1" --state "$run/daemon" --address "$run/containerd.sock" &
  containerd_pid=$!
}
images_in_containerd=no
if [ -f "$seed" ] && ! tar -tf "$seed" | grep -q '^[^/]*/overlay2/$'; then
  images_in_containerd=yes
else
  start_containerd "$shared/containerd/$MH_NODE"
fi

if [ ! -d "$me" ]; then
  mkdir -p "$shared/nodes"
  if [ -f "$seed" ]; then
    if mkdir "$shared/.seed-unpacking" 2>/dev/null; then
      tar -xf "$seed" -C "$shared/.seed-unpacking"
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
        containerd) [ "$images_in_containerd" = no ] || copies="$copies $entry" ;; # else: this node's own, above
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
[ "$images_in_containerd" = no ] || start_containerd "$me/containerd/daemon"
waited=0
while [ ! -S "$run/containerd.sock" ]; do
  waited=$((waited + 1))
  if [ "$waited" -gt 1500 ]; then
    echo "node-entry: containerd did not listen on $run/containerd.sock within 30s" >&2
    exit 1
  fi
  kill -0 "$containerd_pid" 2>/dev/null || { echo "node-entry: containerd exited before listening" >&2; exit 1; }
  sleep 0.02
done
exec dockerd-entrypoint.sh dockerd "$@" --data-root="$me" --containerd="$run/containerd.sock"
