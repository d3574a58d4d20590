package org.scr4j.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"state.bin", "a/b/c.bin", "part/0.bin", ".hidden", "x..y", "ckpt.10/rank-0.bin"})
    void aRelativePathInsideTheDatasetIsAcceptedAsGiven(String file) {
        assertEquals(file, RelativePaths.checkFile(file));
    }

    @ParameterizedTest(name = "{0} is refused because {1}")
    @CsvSource(delimiter = '|', value = {
        "/etc/passwd       | is absolute: give a path relative to the dataset",
        "../escape.bin     | contains '..': paths may not step outside the dataset",
        "a/../../b.bin     | contains '..'",
        "a/..              | contains '..'",
        "./state.bin       | contains '.': paths may not step outside the dataset",
        "a/./b             | contains '.'",
        "a//b              | has an empty component ('//' or a trailing '/')",
        "a/b/              | has an empty component",
        "a\\b.bin          | contains a backslash",
        "a/b.bin.scr4j-tmp-1234 | contains '.scr4j-tmp-', which scr4j keeps for its temporary files",
    })
    void aFilePathThatCouldLeaveTheDatasetIsRefusedWithTheReason(String file, String reason) {
        aFilePathIsRefused(file, reason);
    }

    @Test
    void aNulCharacterIsNamedAsSuch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkFile("a\0b"));
        assertTrue(e.getMessage().contains("contains a NUL character"), e.getMessage());
    }

    private static void aFilePathIsRefused(String file, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkFile(file));
        assertTrue(e.getMessage().contains("file path '" + file + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyFilePathIsRefused(String file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkFile(file));
        assertEquals("file path is empty", e.getMessage());
    }

    @Test
    void aNullFilePathIsRefusedAsEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkFile(null));
        assertEquals("file path is empty", e.getMessage());
    }

    @Test
    void aDatasetNameIsOneComponent() {
        assertEquals("ckpt.7", RelativePaths.checkDataset("ckpt.7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkDataset("ckpt/7"));
        assertEquals("dataset name 'ckpt/7' must be a single path component, without '/'", e.getMessage());
    }

    @ParameterizedTest(name = "dataset {0} is refused because {1}")
    @CsvSource(delimiter = '|', value = {
        "..                 | contains '..'",
        ".                  | contains '.'",
        "a\\b               | contains a backslash",
        "ckpt.scr4j-tmp-x   | contains '.scr4j-tmp-'",
    })
    void aDatasetNameThatIsNotAPlainNameIsRefused(String dataset, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.checkDataset(dataset));
        assertTrue(e.getMessage().startsWith("dataset name '" + dataset + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void resolvingKeepsAPathUnderItsDirectoryAndRefusesOneThatLeaves() {
        Path dir = Path.of("/data/ckpt.1");
        assertEquals(Path.of("/data/ckpt.1/a/b.bin"), RelativePaths.resolve(dir, "a/b.bin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativePaths.resolve(dir, "../ckpt.2/b.bin"));
        assertEquals("path '../ckpt.2/b.bin' resolves outside /data/ckpt.1", e.getMessage());
    }
}
