package io.sluice.archfixture.adapters.chronicle;

/** A stand-in adapter class for {@code ArchitectureRulesCanFailTest}. */
public final class ChronicleThing {
    public int size() {
        return 0;
    }
}
