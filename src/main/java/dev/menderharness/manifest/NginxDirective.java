package dev.menderharness.manifest;

import java.util.List;
import java.util.function.Consumer;

/** One nginx directive: name, arguments, optional block, and where it is written. */
public record NginxDirective(String name, List<String> args, List<NginxDirective> block, SourceRef source) {
    public String arg(int i) { return i < args.size() ? args.get(i) : null; }

    public boolean hasBlock() { return block != null; }

    /** Visits this directive and everything nested in it, passing the enclosing location (or null). */
    void walk(String location, Visitor v) {
        v.visit(this, location);
        if (block != null) {
            String loc = name.equals("location") ? String.join(" ", args) : location;
            for (NginxDirective d : block) d.walk(loc, v);
        }
    }

    interface Visitor {
        void visit(NginxDirective d, String location);
    }

    public static void forEach(List<NginxDirective> ds, Consumer<NginxDirective> c) {
        for (NginxDirective d : ds) d.walk(null, (x, l) -> c.accept(x));
    }
}
