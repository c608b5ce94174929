package io.jobstream.document.extract;

import java.util.List;

/** What to read from each document: named fields, in the order the result lists them. */
record Template(String name, List<Field> fields) {

    Template {
        fields = List.copyOf(fields);
    }
}
