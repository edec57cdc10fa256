package dev.drover.engine.source.csv;

import java.util.List;

/**
 * What {@link CsvSniffer} thinks a file looks like.
 *
 * @param encoding  charset name (a {@link java.nio.charset.Charset} name accepted by {@link CsvReader})
 * @param delimiter field separator
 * @param quote     quote character, or null for none
 * @param escape    escape character ({@code == quote} means doubled quotes), or null when there is no quote
 * @param header    whether the first record looks like a header
 * @param preview   the first records (at most 20), parsed with the guessed options
 * @param notes     human readable explanations of the guesses
 */
public record CsvGuess(String encoding, char delimiter, Character quote, Character escape, boolean header,
                       List<List<String>> preview, List<String> notes) {
    public CsvGuess {
        preview = List.copyOf(preview);
        notes = List.copyOf(notes);
    }
}
