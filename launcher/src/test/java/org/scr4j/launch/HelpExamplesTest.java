package org.scr4j.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help ends with an example of its use: most people read help for that line. */
class HelpExamplesTest {
    @Test
    void everySubcommandsHelpHasAnExample() {
        List<String> names = new CommandLine(new Main()).getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        assertTrue(names.containsAll(List.of("conf", "tiers", "demo", "roundtrip", "bench", "halt", "index")), names.toString());
        for (String name : names) {
            Scr4jProcess.Result r = InProcess.run(name, "--help");
            assertEquals(0, r.exitCode(), name + ": " + r);
            int example = r.out().indexOf("Example");
            assertTrue(example >= 0 && r.out().indexOf("scr4j " + name + " ", example) > example,
                    name + " --help has no example of its use:\n" + r.out());
        }
    }
}
