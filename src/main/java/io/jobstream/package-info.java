/**
 * jobstream: a reactive job service. Packages follow the flow of one job: {@code api}
 * (HTTP in and out) and {@code intake} (Kafka in) → {@code job} (the model, its lifecycle
 * and its store) → {@code dispatch} (the outboxes: start commands and the events topic) →
 * {@code messaging} (the only Kafka adapter) → {@code execution} (claiming and running
 * stages, leases, recovery) → {@code jobtype} (what a job does) → {@code progress} (live
 * events for streams). {@code security} and {@code system} are cross-cutting.
 * {@code ArchitectureTest} pins these dependencies.
 */
package io.jobstream;
