package org.scr4j.erasure;

/** Makes coders. {@code Coders.create(ErasureCode.rs(8, 2))} is all most callers need. */
public final class Coders {
    private Coders() {
    }

    /** The fastest coder this JVM can run. */
    public static ErasureCoder create(ErasureCode code) {
        return create(code, CoderChoice.AUTO);
    }

    public static ErasureCoder create(ErasureCode code, CoderChoice choice) {
        return switch (choice) {
            case AUTO -> new SystematicCoder(code, Kernels.best());
            case VECTOR -> new SystematicCoder(code, Kernels.vector().orElseThrow(() -> new IllegalStateException(
                    "the vector erasure coder needs the " + Kernels.VECTOR_MODULE + " module: start java with --add-modules "
                            + Kernels.VECTOR_MODULE + ", or choose the coder auto or scalar")));
            case SCALAR -> new SystematicCoder(code, Kernels.scalar());
            case HADOOP_JAVA -> new HadoopJavaCoder(code);
        };
    }

    /** True when the vector kernel is loaded in this JVM. */
    public static boolean vectorAvailable() {
        return Kernels.vector().isPresent();
    }
}
