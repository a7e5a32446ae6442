package io.spoolgate.vmspool.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.spoolgate.vmspool.spool.ReaderFileEncoder;

/**
 * What the spool tools need from a James working directory: the {@code <config>} of the {@code vmspool} entry in
 * {@code conf/mailrepositorystore.xml} (spool root, node, host name, file type, record length), with the same defaults
 * as the repository. {@code file://x} locations are relative to the working directory, as in James.
 */
record ToolSettings(Path spoolRoot, String localNode, String primaryHostname, String fileType, int lrecl) {

    static ToolSettings load(Path home) throws IOException {
        Path conf = home.resolve("conf").resolve("mailrepositorystore.xml");
        String root = "file://spool";
        String node = "VMNODE";
        String host = "localhost";
        String type = "MAIL";
        String lrecl = "auto";
        if (Files.exists(conf)) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document doc = f.newDocumentBuilder().parse(conf.toFile());
                NodeList protocols = doc.getElementsByTagName("protocol");
                for (int i = 0; i < protocols.getLength(); i++) {
                    if (protocols.item(i).getTextContent().trim().equals("vmspool")) {
                        Element repo = (Element) protocols.item(i).getParentNode().getParentNode();
                        root = child(repo, "spoolRoot", root);
                        node = child(repo, "localNode", node);
                        host = child(repo, "primaryHostname", host);
                        type = child(repo, "fileType", type);
                        lrecl = child(repo, "lrecl", lrecl);
                    }
                }
            } catch (Exception e) {
                throw new IOException(conf + " cannot be read: " + e.getMessage(), e);
            }
        }
        int l = lrecl.equalsIgnoreCase("auto") ? ReaderFileEncoder.AUTO_LRECL : Integer.parseInt(lrecl);
        return new ToolSettings(resolve(home, root), node.toUpperCase(Locale.ROOT), host, type, l);
    }

    private static String child(Element repo, String name, String fallback) {
        NodeList n = repo.getElementsByTagName(name);
        return n.getLength() == 0 ? fallback : n.item(0).getTextContent().trim();
    }

    static Path resolve(Path home, String location) {
        if (location.startsWith("file:///")) {
            return Path.of(location.substring("file://".length()));
        }
        if (location.startsWith("file://")) {
            return home.resolve(location.substring("file://".length())).normalize();
        }
        return home.resolve(location).normalize();
    }
}
