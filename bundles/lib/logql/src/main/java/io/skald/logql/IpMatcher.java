// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The argument of LogQL's {@code ip("…")}: one address, a range {@code a-b}, or a CIDR block
 * {@code a/n}, IPv4 or IPv6. Addresses are parsed as literals only; nothing is ever resolved.
 */
final class IpMatcher {
    private final String text;
    private final boolean v6;
    private final BigInteger low;
    private final BigInteger high;

    IpMatcher(String text) {
        this.text = text;
        String t = text.trim();
        try {
            int dash = t.indexOf('-');
            int slash = t.indexOf('/');
            if (dash > 0) {
                byte[] a = parse(t.substring(0, dash).trim());
                byte[] b = parse(t.substring(dash + 1).trim());
                if (a == null || b == null || a.length != b.length) {
                    throw new IllegalArgumentException();
                }
                v6 = a.length == 16;
                low = new BigInteger(1, a);
                high = new BigInteger(1, b);
            } else if (slash > 0) {
                byte[] a = parse(t.substring(0, slash));
                int bits = Integer.parseInt(t.substring(slash + 1));
                if (a == null || bits < 0 || bits > a.length * 8) {
                    throw new IllegalArgumentException();
                }
                v6 = a.length == 16;
                BigInteger hostMask =
                        BigInteger.ONE.shiftLeft(a.length * 8 - bits).subtract(BigInteger.ONE);
                low = new BigInteger(1, a).andNot(hostMask);
                high = low.or(hostMask);
            } else {
                byte[] a = parse(t);
                if (a == null) {
                    throw new IllegalArgumentException();
                }
                v6 = a.length == 16;
                low = high = new BigInteger(1, a);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ip: invalid IP address, range or CIDR \"" + text + "\"");
        }
    }

    boolean matches(String address) {
        byte[] a = parse(address.trim());
        if (a == null || (a.length == 16) != v6) {
            return false;
        }
        BigInteger x = new BigInteger(1, a);
        return x.compareTo(low) >= 0 && x.compareTo(high) <= 0;
    }

    /** Whether any address written in the line falls in the range: IPv4 tokens (digits and dots), then IPv6 ones. */
    boolean anyIn(String line) {
        return v6 ? anyToken(line, true) : anyToken(line, false);
    }

    private boolean anyToken(String line, boolean six) {
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && !tokenChar(line.charAt(i), six)) {
                i++;
            }
            int start = i;
            while (i < line.length() && tokenChar(line.charAt(i), six)) {
                i++;
            }
            if (i > start && matches(line.substring(start, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean tokenChar(char c, boolean six) {
        return six ? addressChar(c) : (c >= '0' && c <= '9') || c == '.';
    }

    private static boolean addressChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    }

    /** An IPv4 (4 bytes) or IPv6 (16 bytes) literal, or null. */
    static byte[] parse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty()
                        || parts[i].length() > 3
                        || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                out[i] = (byte) v;
            }
            return out;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!addressChar(s.charAt(i))) {
                return null;
            }
        }
        try { // only hex digits, colons and dots reach here: a literal, never a name to resolve
            byte[] a = InetAddress.getByName(s).getAddress();
            if (a.length == 4) { // ::ffff:a.b.c.d came back as IPv4
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(a, 0, mapped, 12, 4);
                return mapped;
            }
            return a;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
