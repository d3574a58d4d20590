package org.scr4j.tier.pfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.tier.TestData;

/** The pfs tier on file://, as on a parallel file system mounted on every node. */
class PfsTierOnLocalFileSystemTest extends PfsTierContract {
    @TempDir
    java.nio.file.Path temp;

    @Override
    protected Configuration conf() {
        return new Configuration();
    }

    @Override
    protected String freshDirectory() {
        return temp.toUri().toString().replaceAll("/$", "");
    }

    @Override
    protected boolean isLocal() {
        return true;
    }

    @Test
    void noChecksumSideFilesAreWrittenBesideTheData() throws IOException {
        TestData.write(tier, "ckpt.1", "state.bin", TestData.bytes(5000, 1));
        try (Stream<java.nio.file.Path> all = Files.walk(temp)) {
            assertEquals(List.of("state.bin"), all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList(),
                    "scr4j keeps its own CRC32C; Hadoop's .crc files would double the work");
        }
    }
}
