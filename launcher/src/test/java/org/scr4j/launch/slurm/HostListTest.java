package org.scr4j.launch.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostListTest {
    @Test
    void expandsRangesAndSingleNumbersInOrder() {
        assertEquals(List.of("n1", "n2", "n3", "n4", "n7"), HostList.parse("n[1-4,7]"));
        assertEquals(List.of("n7", "n1", "n2"), HostList.parse("n[7,1-2]"));
    }

    @Test
    void plainNamesAndSeveralGroupsAtTopLevel() {
        assertEquals(List.of("a1", "b01", "b02", "b03"), HostList.parse("a1,b[01-03]"));
        assertEquals(List.of("login", "c1", "c2", "gpu9", "gpu10"), HostList.parse("login,c[1-2],gpu[9-10]"));
        assertEquals(List.of("n1"), HostList.parse(" n1 "));
    }

    @Test
    void aRangeKeepsTheWidthOfItsFirstNumber() {
        assertEquals(List.of("b08", "b09", "b10"), HostList.parse("b[08-10]"));
        assertEquals(List.of("b8", "b9", "b10"), HostList.parse("b[8-10]"));
        assertEquals(List.of("x0098", "x0099", "x0100"), HostList.parse("x[0098-0100]"));
    }

    @Test
    void keepsDuplicates() {
        assertEquals(List.of("n1", "n1", "n2"), HostList.parse("n1,n[1-2]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "n[1-4", "n1-4]", "n[[1]]", "n[]", "n[1,,2]", "n[a-b]", "n[4-1]", "n[1-]",
            "n1,,n2", ",n1", "n1,", "n[1-2]x", "r[1-2]n[1-2]", "n1 n2", "n[1-99999999999999999999]"})
    void rejectsMalformedInputWithAMessageThatSaysWhatIsWrong(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostList.parse(bad));
        assertTrue(e.getMessage().startsWith("bad Slurm host list '" + bad + "': "), e.getMessage());
        assertTrue(e.getMessage().contains("expected names like"), e.getMessage());
    }

    @Test
    void refusesToExpandAbsurdlyLargeLists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostList.parse("n[1-2000000]"));
        assertTrue(e.getMessage().contains("more than " + HostList.MAX_HOSTS), e.getMessage());
    }

    @Test
    void formatsCompactlyAndKeepsOrder() {
        assertEquals("n[1-3,7]", HostList.format(List.of("n1", "n2", "n3", "n7")));
        assertEquals("n[1,4,3]", HostList.format(List.of("n1", "n4", "n3")));
        assertEquals("n1", HostList.format(List.of("n1")));
        assertEquals("a1,b[01-03]", HostList.format(List.of("a1", "b01", "b02", "b03")));
        assertEquals("b[08-10]", HostList.format(List.of("b08", "b09", "b10")));
        assertEquals("b[8-10]", HostList.format(List.of("b8", "b9", "b10")));
        assertEquals("login,n[1-2],login", HostList.format(List.of("login", "n1", "n2", "login")));
        assertEquals("n[1,01]", HostList.format(List.of("n1", "n01")));
    }

    @Test
    void formatRejectsWhatNoExpressionCanHold() {
        assertThrows(IllegalArgumentException.class, () -> HostList.format(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostList.format(List.of("n1", "a,b")));
        assertTrue(e.getMessage().contains("'a,b' is not a host name"), e.getMessage());
    }

    @Test
    void parseGivesBackWhatFormatWrote() {
        Random random = new Random(42);
        String[] prefixes = {"n", "node", "gpu-", "x"};
        for (int round = 0; round < 2000; round++) {
            List<String> hosts = new ArrayList<>();
            int size = 1 + random.nextInt(12);
            for (int i = 0; i < size; i++) {
                String prefix = prefixes[random.nextInt(prefixes.length)];
                int n = random.nextInt(15);
                String digits = random.nextInt(4) == 0 ? String.format("%03d", n) : Integer.toString(n);
                hosts.add(random.nextInt(10) == 0 ? prefix.replace("-", "") + "login" : prefix + digits);
            }
            assertEquals(hosts, HostList.parse(HostList.format(hosts)), "round trip of " + hosts);
        }
    }
}
