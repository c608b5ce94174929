package io.jobstream.document.extract;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Numbers as documents write them. {@code ,} and {@code .} are both read as decimal
 * separators or as thousands separators: with both, the last one is the decimal separator
 * ({@code 1,234.50}, {@code 1.234,50}); a lone {@code ,} before exactly three digits groups
 * thousands ({@code 1,234} is 1234), any other lone one is decimal ({@code 1.234}, {@code 12,5}).
 * Apostrophes and non-breaking spaces group thousands ({@code 1'234}); a plain space does not,
 * so that {@code 2 100.00} stays two numbers.
 */
final class Numbers {

    /** A number not glued to a word or another number. */
    static final String NUMBER = "(?<![\\p{L}\\p{N}.,])[-\u2212]?"
            + "(?:\\d{1,3}(?:[,.'\u2019\u00A0\u202F]\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)(?![\\p{N}])";

    private static final Pattern ANY = Pattern.compile(NUMBER);

    private Numbers() {}

    /** The first number in {@code text}, or null. */
    static @Nullable BigDecimal first(String text) {
        Matcher matcher = ANY.matcher(text);
        while (matcher.find()) {
            BigDecimal number = parse(matcher.group());
            if (number != null) {
                return number;
            }
        }
        return null;
    }

    /** A token that {@link #NUMBER} matched, as a number; null if its separators make no sense. */
    static @Nullable BigDecimal parse(String token) {
        String text = token.replace('\u2212', '-').replaceAll("['\u2019\u00A0\u202F]", "");
        char decimal = decimalSeparator(text);
        int decimalAt = decimal == 0 ? -1 : text.lastIndexOf(decimal);
        StringBuilder plain = new StringBuilder(text.length());
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (index == decimalAt) {
                plain.append('.');
            } else if (c == decimal) {
                return null;
            } else if (Character.isDigit(c) || c == '-') {
                plain.append(c);
            }
        }
        try {
            return new BigDecimal(plain.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The decimal separator of {@code text}, or 0 if it has none. */
    private static char decimalSeparator(String text) {
        int dot = text.lastIndexOf('.');
        int comma = text.lastIndexOf(',');
        if (dot >= 0 && comma >= 0) {
            return dot > comma ? '.' : ',';
        }
        if (dot < 0 && comma < 0) {
            return 0;
        }
        char separator = dot >= 0 ? '.' : ',';
        boolean once = text.indexOf(separator) == text.lastIndexOf(separator);
        int digitsAfter = text.length() - text.lastIndexOf(separator) - 1;
        boolean groupsThousands = !once || (separator == ',' && digitsAfter == 3);
        return groupsThousands ? 0 : separator;
    }
}
