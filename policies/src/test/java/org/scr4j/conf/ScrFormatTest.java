package org.scr4j.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.compress.Compression;
import org.scr4j.tier.TierSpec;

class ScrFormatTest {
    @TempDir
    Path dir;

    @Test
    void anSCRFileAndTheSameSettingsInHadoopXmlGiveTheSameModel() throws Exception {
        ConfigFixture scr = new ConfigFixture(dir).env("SSD_ROOT", "/local/ssd").jobFile("job.conf",
                "# SCR's format",
                "SCR_FLUSH=4   # flush every 4th",
                "STORE=/dev/shm COUNT=2",
                "STORE=$SSD_ROOT NAME=ssd CAPACITY=64GiB",
                "STORE=${SSD_ROOT}/nv NAME=nv TYPE=nvram SYNC=msync",
                "CKPT=0 INTERVAL=1 STORE=/dev/shm TYPE=XOR SET_SIZE=4",
                "CKPT=1 INTERVAL=8 STORE=ssd TYPE=RS SET_FAILURES=3 OUTPUT=1");
        ScrConfig fromScr = scr.load();

        ConfigFixture xml = new ConfigFixture(dir);
        xml.env.put("SCR_CONF_FILE", xml.file("job.xml", "<configuration>",
                prop("scr.flush", "4"),
                prop("scr.tiers", "ram,ssd,nv"),
                prop("scr.tier.ram.type", "ramdisk"), prop("scr.tier.ram.base", "/dev/shm/${user}/scr4j/${job}/${node}"),
                prop("scr.tier.ram.count", "2"),
                prop("scr.tier.ssd.type", "ssd"), prop("scr.tier.ssd.base", "/local/ssd/${user}/scr4j/${job}/${node}"),
                prop("scr.tier.ssd.capacity", "64GiB"),
                prop("scr.tier.nv.type", "nvram"), prop("scr.tier.nv.base", "/local/ssd/nv/${user}/scr4j/${job}/${node}"),
                prop("scr.tier.nv.sync", "msync"),
                prop("scr.ckpt.0.interval", "1"), prop("scr.ckpt.0.store", "ram"), prop("scr.ckpt.0.type", "XOR"),
                prop("scr.ckpt.0.set.size", "4"),
                prop("scr.ckpt.1.interval", "8"), prop("scr.ckpt.1.store", "ssd"), prop("scr.ckpt.1.type", "RS"),
                prop("scr.ckpt.1.set.failures", "3"), prop("scr.ckpt.1.output", "1"),
                "</configuration>").toString());
        ScrConfig fromXml = xml.load();

        assertEquals(fromXml.tiers(), fromScr.tiers());
        assertEquals(fromXml.descriptors(), fromScr.descriptors());
        assertEquals(4, fromScr.getInt("scr.flush"));
        assertEquals(List.of("ram", "ssd", "nv"), fromScr.tiers().stream().map(TierSpec::name).toList(),
                "STORE=/dev/shm configures the default tier 'ram'; other STORE lines add tiers to the ones below");
        assertEquals(new TierSpec("ssd", "ssd", "/local/ssd/${user}/scr4j/${job}/${node}", OptionalLong.of(64L << 30), Map.of()),
                fromScr.tiers().get(1));
        assertEquals(Map.of("sync", "msync"), fromScr.tiers().get(2).options());
        assertEquals(new Descriptor(1, 8, "ssd", "RS", 8, 3, "NODE", true, true, Compression.NONE), fromScr.descriptors().get(1));
        assertEquals(dir.resolve("job.conf") + ":7", fromScr.setting("scr.ckpt.1.type").origin().text());
    }

    @Test
    void storePathsWithVariablesAndURIsAreKeptAsWritten() throws Exception {
        ScrConfig config = new ConfigFixture(dir).jobFile("job.conf",
                "STORE=/scratch/${user}/${node} NAME=scratch",
                "STORE=hdfs://127.0.0.1:9000/pfs NAME=pfs").load();
        assertEquals("/scratch/${user}/${node}", config.tiers().get(1).base());
        assertEquals("pfs", config.tiers().get(2).type());
        assertEquals("hdfs://127.0.0.1:9000/pfs", config.tiers().get(2).base());
    }

    @Test
    void quotedValuesKeepTheirSpaces() throws Exception {
        ScrConfig config = new ConfigFixture(dir).jobFile("job.conf", "SCR_EXCLUDE_NODES=\"n1 n2\"").load();
        assertEquals("n1 n2", config.get("scr.exclude.nodes"));
    }

    private static String prop(String name, String value) {
        return "<property><name>" + name + "</name><value>" + value + "</value></property>";
    }
}
