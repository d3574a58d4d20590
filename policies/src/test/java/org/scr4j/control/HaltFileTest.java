package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaltFileTest {
    @TempDir
    Path tmp;
    private ControlDirectory control;
    private Path haltFile;

    @BeforeEach
    void setUp() throws Exception {
        control = Local.control(tmp);
        haltFile = tmp.resolve(".scr4j/halt");
    }

    @Test
    void aMissingFileIsNoHalt() throws Exception {
        assertEquals(HaltRecord.NONE, control.halt().read());
    }

    @Test
    void updateWritesTheConditionsAndReadsThemBack() throws Exception {
        HaltRecord written = control.halt().update(h -> h.withCheckpoints(OptionalInt.of(3))
                .withExitAfter(Optional.of(Instant.parse("2026-03-01T18:30:00Z"))));

        assertEquals(new HaltRecord(OptionalInt.of(3), Optional.empty(), Optional.of(Instant.parse("2026-03-01T18:30:00Z")),
                OptionalLong.empty(), Optional.empty(), false), written);
        assertEquals(written, control.halt().read());
        assertEquals("{\n"
                + "  \"format\" : 1,\n"
                + "  \"checkpoints\" : 3,\n"
                + "  \"exitBefore\" : null,\n"
                + "  \"exitAfter\" : \"2026-03-01T18:30:00Z\",\n"
                + "  \"seconds\" : null,\n"
                + "  \"reason\" : null,\n"
                + "  \"immediate\" : false\n"
                + "}\n", Files.readString(haltFile).replace(System.lineSeparator(), "\n"));

        HaltRecord counted = control.halt().update(h -> h.withCheckpoints(OptionalInt.of(h.checkpoints().getAsInt() - 1)));
        assertEquals(OptionalInt.of(2), counted.checkpoints());
        assertEquals(counted, control.halt().read());
    }

    @Test
    void anImmediateHaltIsWrittenAndReadBack() throws Exception {
        HaltRecord written = control.halt().update(h -> h.withReason(Optional.of("SCR_HALT_IMMEDIATE")).withImmediate(true));

        assertTrue(written.immediate());
        assertTrue(Files.readString(haltFile).contains("\"immediate\" : true"), Files.readString(haltFile));
        assertEquals(written, control.halt().read());
        assertEquals(Optional.of("SCR_HALT_IMMEDIATE"), control.halt().read().check(Instant.now(), 0, 0));
    }

    @Test
    void clearingTheReasonOfAnImmediateHaltClearsTheHalt() throws Exception {
        control.halt().update(h -> h.withReason(Optional.of("operator")).withImmediate(true));
        assertEquals(HaltRecord.NONE, control.halt().update(h -> h.withReason(Optional.empty())));
        assertFalse(Files.exists(haltFile));
    }

    @Test
    void aFileWrittenBeforeImmediateExistedIsNotImmediate() throws Exception {
        Files.writeString(haltFile, "{\"format\":1,\"checkpoints\":null,\"exitBefore\":null,\"exitAfter\":null,"
                + "\"seconds\":null,\"reason\":\"JOB_HALTED\"}");
        assertEquals(HaltRecord.NONE.withReason(Optional.of("JOB_HALTED")), control.halt().read());
        assertFalse(control.halt().read().immediate());
    }

    @Test
    void aBadImmediateFieldIsNamed() throws Exception {
        Files.writeString(haltFile, "{\"format\":1,\"reason\":\"x\",\"immediate\":\"yes\"}");
        assertEquals(control.halt().path() + " is not a valid scr4j halt file: the file has \"immediate\": \"yes\", not"
                + " true or false; remove it with 'scr4j halt --remove' or delete it",
                assertThrows(IndexFormatException.class, () -> control.halt().read()).getMessage());

        Files.writeString(haltFile, "{\"format\":1,\"immediate\":true}");
        assertEquals(control.halt().path() + " is not a valid scr4j halt file: an immediate halt needs a reason, which"
                + " the job and the launcher report; remove it with 'scr4j halt --remove' or delete it",
                assertThrows(IndexFormatException.class, () -> control.halt().read()).getMessage());
    }

    @Test
    void anUpdateToNoneDeletesTheFile() throws Exception {
        control.halt().update(h -> h.withReason(Optional.of("operator asked")));
        assertTrue(Files.exists(haltFile));
        assertEquals(HaltRecord.NONE, control.halt().update(h -> h.withReason(Optional.empty())));
        assertFalse(Files.exists(haltFile));
        assertEquals(HaltRecord.NONE, control.halt().read());
    }

    @Test
    void removeDeletesTheFileEvenADamagedOne() throws Exception {
        control.halt().remove();
        Files.writeString(haltFile, "{\"format\":1,\"checkpoints\":");
        IndexFormatException e = assertThrows(IndexFormatException.class, () -> control.halt().read());
        assertTrue(e.getMessage().startsWith(control.halt().path() + " is not a valid scr4j halt file: it is not valid"
                + " JSON, perhaps truncated ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; remove it with 'scr4j halt --remove' or delete it"), e.getMessage());
        byte[] bad = Files.readAllBytes(haltFile);
        assertThrows(IndexFormatException.class, () -> control.halt().update(h -> h.withSeconds(OptionalLong.of(60))));
        assertArrayEquals(bad, Files.readAllBytes(haltFile));

        control.halt().remove();
        assertFalse(Files.exists(haltFile));
    }

    @Test
    void aHaltFileFromANewerScr4jIsRefused() throws Exception {
        byte[] newer = "{\"format\":2,\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Files.write(haltFile, newer);
        assertEquals(control.halt().path() + " was written by a newer scr4j (format 2, this one reads up to 1); use that"
                + " version, or remove it with 'scr4j halt --remove' or delete it",
                assertThrows(IndexFormatException.class, () -> control.halt().read()).getMessage());
        assertArrayEquals(newer, Files.readAllBytes(haltFile));
    }

    @Test
    void wrongTypesAreNamed() throws Exception {
        Files.writeString(haltFile, "{\"format\":1,\"seconds\":\"soon\"}");
        assertEquals(control.halt().path() + " is not a valid scr4j halt file: the file has \"seconds\": \"soon\", not an"
                + " integer; remove it with 'scr4j halt --remove' or delete it",
                assertThrows(IndexFormatException.class, () -> control.halt().read()).getMessage());
    }
}
