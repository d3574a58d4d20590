package org.scr4j.conf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The one-sentence description of every key, read from scr4j-default.xml, for 'scr4j conf'. */
public final class KeyDocs {
    private KeyDocs() {
    }

    public static Map<String, String> descriptions(ClassLoader classLoader) {
        URL defaults = classLoader.getResource(ConfigLoader.DEFAULTS);
        if (defaults == null) {
            throw new ConfigException(ConfigLoader.DEFAULTS + " is not on the class path; rebuild scr4j");
        }
        try (InputStream in = defaults.openStream()) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(in);
            NodeList properties = doc.getElementsByTagName("property");
            Map<String, String> descriptions = new TreeMap<>();
            for (int i = 0; i < properties.getLength(); i++) {
                Element p = (Element) properties.item(i);
                descriptions.put(text(p, "name"), text(p, "description"));
            }
            return descriptions;
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + defaults + ": " + e, e);
        }
    }

    private static String text(Element property, String tag) {
        NodeList nodes = property.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
