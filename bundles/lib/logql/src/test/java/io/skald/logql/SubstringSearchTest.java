// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SWAR search against a naive byte loop. Each haystack is searched three ways: as a whole array (a
 * read past its end throws), between two copies of the needle in a larger buffer (a window crossing
 * the line's bounds would be a false match) and at every offset of a sliding frame, so that blocks of
 * eight land on every alignment.
 */
class SubstringSearchTest {
    static Stream<Arguments> cases() {
        String line = "level=info method=GET path=/api/v1/users status=200 duration=93ms "
                + "trace_id=8f3a9c0d11e2b4f7 user=99999";
        return Stream.of(
                Arguments.of("", "", true),
                Arguments.of("abc", "", true),
                Arguments.of("", "a", false),
                Arguments.of("a", "a", true),
                Arguments.of("a", "b", false),
                Arguments.of("ab", "ab", true),
                Arguments.of("ab", "abc", false),
                Arguments.of("abcdefg", "g", true),
                Arguments.of("abcdefgh", "h", true),
                Arguments.of("abcdefghi", "i", true),
                Arguments.of("abcdefghi", "a", true),
                Arguments.of("abcdefghi", "ai", false),
                Arguments.of("abcdefghi", "hi", true),
                Arguments.of("xxxxxxxxxxxxxxxxab", "ab", true),
                Arguments.of("abxxxxxxxxxxxxxxxx", "ab", true),
                Arguments.of("aaaaaaaaaaaaaaaaaaaaaaab", "aaab", true),
                Arguments.of("aaaaaaaaaaaaaaaaaaaaaaaa", "aaab", false),
                Arguments.of(line, "user=99999", true),
                Arguments.of(line, "user=9999", true),
                Arguments.of(line.substring(0, line.length() - 1), "user=99999", false),
                Arguments.of(line, "level=info", true),
                Arguments.of(line, "level=error", false),
                Arguments.of(line, "trace_id=8f3a9c0d11e2b4f7 user", true),
                Arguments.of(line, "trace_id=8f3a9c0d11e2b4f8 user", false),
                Arguments.of(line, line, true),
                Arguments.of(line, line + " ", false),
                Arguments.of(line, "x" + line, false),
                Arguments.of("päth=/wörld ünïcode", "wörld", true),
                Arguments.of("päth=/wörld ünïcode", "ö", true),
                Arguments.of("päth=/world", "ö", false),
                Arguments.of("\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001", "\u0000\u0001", true),
                Arguments.of("\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "\u0000\u0001", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void table(String haystack, String needle, boolean expected) {
        byte[] h = haystack.getBytes(StandardCharsets.UTF_8);
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, naive(h, 0, h.length, n), "the reference itself");
        check(h, n);
    }

    @Test
    void randomAgainstNaive() {
        Random random = new Random(20261129);
        // small alphabets make near-misses and repeated first/last bytes common; the last holds bytes
        // that are negative as Java bytes, zero, and 0x7f/0x80, where a lane trick would break first
        List<byte[]> alphabets =
                List.of(bytes("ab"), bytes("ab= 9"), bytes("level=info user=0123456789abcdef"), new byte[] {
                    0, 1, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0xfe, (byte) 0xff, 'a'
                });
        int checks = 0;
        for (int trial = 0; trial < 6_000; trial++) {
            byte[] alphabet = alphabets.get(trial % alphabets.size());
            byte[] h = randomBytes(random, alphabet, random.nextInt(trial % 10 == 0 ? 300 : 60));
            int m = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(12);
            byte[] n = randomBytes(random, alphabet, m);
            check(h, n);
            checks++;
            // the needle planted at every position, and near-misses there: first, last or a middle byte off
            for (int at = 0; at + n.length <= h.length && n.length > 0; at++) {
                byte[] planted = h.clone();
                System.arraycopy(n, 0, planted, at, n.length);
                check(planted, n);
                byte[] miss = planted.clone();
                int which = random.nextInt(3);
                int pos = at + (which == 0 ? 0 : which == 1 ? n.length - 1 : random.nextInt(n.length));
                miss[pos] = (byte) (miss[pos] + 1 + random.nextInt(3));
                check(miss, n);
                checks += 2;
            }
            // a needle cut from the haystack: present
            if (h.length > 0) {
                int from = random.nextInt(h.length);
                int to = from + random.nextInt(Math.min(30, h.length - from) + 1);
                byte[] cut = java.util.Arrays.copyOfRange(h, from, to);
                check(h, cut);
                checks++;
            }
        }
        assertEquals(true, checks > 100_000, "ran " + checks + " checks");
    }

    /** The search on {@code h} three ways, each against the naive loop. */
    private static void check(byte[] h, byte[] n) {
        boolean expected = naive(h, 0, h.length, n);
        SubstringSearch search = new SubstringSearch(n);
        String what = "'" + new String(h, StandardCharsets.ISO_8859_1) + "' contains '"
                + new String(n, StandardCharsets.ISO_8859_1) + "'";
        assertEquals(expected, search.in(h, 0, h.length), what);

        // fenced by the needle: anything read or matched across the line's bounds shows up
        byte[] fenced = new byte[n.length + h.length + n.length];
        System.arraycopy(n, 0, fenced, 0, n.length);
        System.arraycopy(h, 0, fenced, n.length, h.length);
        System.arraycopy(n, 0, fenced, n.length + h.length, n.length);
        assertEquals(expected, search.in(fenced, n.length, h.length), "fenced: " + what);

        // at every alignment, with garbage before and after the line
        for (int shift = 1; shift < 8; shift++) {
            byte[] framed = new byte[shift + h.length + 3];
            java.util.Arrays.fill(framed, (byte) '?');
            System.arraycopy(h, 0, framed, shift, h.length);
            assertEquals(expected, search.in(framed, shift, h.length), "at " + shift + ": " + what);
        }
    }

    static boolean naive(byte[] h, int offset, int length, byte[] n) {
        outer:
        for (int i = offset; i + n.length <= offset + length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] randomBytes(Random random, byte[] alphabet, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
