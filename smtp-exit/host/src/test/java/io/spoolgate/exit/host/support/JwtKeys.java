package io.spoolgate.exit.host.support;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;

/** An RSA key pair made for one test run: the public key for webadmin's JWT filter, tokens signed with the private. */
public final class JwtKeys {
    private final KeyPair keys;

    private JwtKeys(KeyPair keys) {
        this.keys = keys;
    }

    /** @return a fresh 2048-bit key pair */
    public static JwtKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtKeys(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the public key as PEM */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** @param subject the token subject @param admin the admin claim @return a signed token valid for an hour */
    public String token(String subject, boolean admin) {
        return Jwts.builder().setSubject(subject).claim("admin", admin)
            .setExpiration(new Date(System.currentTimeMillis() + 3_600_000))
            .signWith(keys.getPrivate(), SignatureAlgorithm.RS256).compact();
    }
}
