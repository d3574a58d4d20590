package org.scr4j.conf;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Reads a Hadoop configuration XML file (the same format as core-site.xml) into settings. */
final class HadoopXmlSource {
    private HadoopXmlSource() {
    }

    static List<Setting> read(Path file) {
        Configuration conf = new Configuration(false);
        conf.addResource(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()));
        return settings(conf, file.toString());
    }

    static List<Setting> read(URL resource, String name) {
        Configuration conf = new Configuration(false);
        conf.addResource(resource);
        return settings(conf, name);
    }

    private static List<Setting> settings(Configuration conf, String name) {
        List<Setting> settings = new ArrayList<>();
        try {
            // Raw values: ${scr.*} references are resolved by scr4j across all layers, not per file.
            for (Map.Entry<String, String> e : conf) {
                settings.add(new Setting(e.getKey(), e.getValue(), Origin.file(name)));
            }
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConfigException("cannot read " + name + " as Hadoop configuration XML: " + cause.getMessage()
                    + ". Fix the XML, or use SCR's KEY=VALUE format in a file not ending in .xml");
        }
        return settings;
    }
}
