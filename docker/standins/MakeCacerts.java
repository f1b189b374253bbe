import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * The Java trust store of the Temurin stand-ins: every certificate of a PEM bundle (Debian's
 * ca-certificates, i.e. Mozilla's list) as a trusted entry of a PKCS12 store, password changeit, as
 * the JDK's own cacerts. It replaces the cacerts of the machine's JDK, which may trust more (a
 * machine's own or a proxy's authorities) than an image should.
 *   java MakeCacerts.java BUNDLE.pem CACERTS
 */
public class MakeCacerts {
    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int count = 0;
        try (InputStream in = new FileInputStream(args[0])) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                String subject = ((X509Certificate) certificate).getSubjectX500Principal().getName();
                store.setCertificateEntry("debian-" + count++ + " " + subject.toLowerCase(), certificate);
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no certificate in " + args[0]);
        }
        try (OutputStream out = new FileOutputStream(args[1])) {
            store.store(out, "changeit".toCharArray());
        }
        System.out.println(args[1] + ": " + count + " trusted certificates from " + args[0]);
    }
}
