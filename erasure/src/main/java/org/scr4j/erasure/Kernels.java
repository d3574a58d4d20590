package org.scr4j.erasure;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the kernel at run time: the vector one when jdk.incubator.vector is present, else scalar. */
final class Kernels {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    private static final AtomicBoolean HINTED = new AtomicBoolean();
    private static final Kernel SCALAR = new ScalarKernel();
    private static final Optional<Kernel> VECTOR = loadVector();

    private Kernels() {
    }

    static Kernel scalar() {
        return SCALAR;
    }

    static Optional<Kernel> vector() {
        return VECTOR;
    }

    /** The vector kernel, or the scalar one with a single log line that says how to get the fast path. */
    static Kernel best() {
        if (VECTOR.isPresent()) {
            return VECTOR.get();
        }
        if (HINTED.compareAndSet(false, true)) {
            LOG.warn("Erasure coding uses the scalar path, several times slower than the vector path, because this JVM lacks"
                    + " the {} module. Start java with --add-modules {} for the fast path (the ./scr4j launcher does).",
                    VECTOR_MODULE, VECTOR_MODULE);
        }
        return SCALAR;
    }

    /** Loaded by name so that nothing links against the module when it is absent. */
    private static Optional<Kernel> loadVector() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((Kernel) Class.forName("org.scr4j.erasure.VectorKernel").getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("The {} module is present but the vector kernel failed to load; using the scalar path", VECTOR_MODULE, e);
            return Optional.empty();
        }
    }
}
