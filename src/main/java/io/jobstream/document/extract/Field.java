package io.jobstream.document.extract;

/** One field of a template: its name in the result, its type, where it is found, and whether a document needs it. */
record Field(String name, FieldType type, Rule rule, boolean required, DateFormat dateFormat) {}
