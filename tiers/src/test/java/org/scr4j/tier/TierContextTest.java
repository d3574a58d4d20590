package org.scr4j.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TierContextTest {
    private final TierContext context = new TierContext("alice", "job42", "node3");

    @Test
    void userJobAndNodeAreExpandedWhereverTheyAppear() {
        assertEquals("/dev/shm/alice/scr4j/job42/node3", context.expand("/dev/shm/${user}/scr4j/${job}/${node}"));
        assertEquals("/ssd/node3-alice-node3", context.expand("/ssd/${node}-${user}-${node}"));
    }

    @Test
    void aBaseWithoutVariablesIsLeftAsItIs() {
        assertEquals("hdfs://namenode:8020/scr4j", context.expand("hdfs://namenode:8020/scr4j"));
    }

    @Test
    void namesWithDotsDashesAndUnderscoresAreInsertedAsTheyAre() {
        TierContext odd = new TierContext("a.b_c-d", "1", "n");
        assertEquals("/x/a.b_c-d/1", odd.expand("/x/${user}/${job}"));
    }

    @Test
    void anUnknownVariableIsRefusedNamingTheOnesABaseMayUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> context.expand("/scratch/${host}/scr4j"));
        assertEquals("unknown variable ${host} in tier base '/scratch/${host}/scr4j': a base may use ${user}, ${job} and ${node}",
                e.getMessage());
    }

    @Test
    void anUnclosedVariableIsRefusedRatherThanKeptInThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> context.expand("/scratch/${user/scr4j"));
        assertTrue(e.getMessage().contains("unclosed or malformed ${...}"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "../etc", "", "node 3", "nöde"})
    void aNameThatCannotBeOnePathComponentIsRefused(String unsafe) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TierContext("alice", "job42", unsafe));
        assertEquals("the node name '" + unsafe + "' cannot be part of a path: use letters, digits, '.', '_' or '-'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TierContext(unsafe, "job42", "node3"));
        assertThrows(IllegalArgumentException.class, () -> new TierContext("alice", unsafe, "node3"));
    }

    @Test
    void theMessageNamesWhichValueIsUnsafe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TierContext("../root", "j", "n"));
        assertEquals("the user name '../root' cannot be part of a path: use letters, digits, '.', '_' or '-'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TierContext("u", "1/2", "n"));
        assertEquals("the job name '1/2' cannot be part of a path: use letters, digits, '.', '_' or '-'", e.getMessage());
    }
}
