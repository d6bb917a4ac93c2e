package io.graphstaging.core.task;

import io.graphstaging.core.model.GraphId;
import java.util.List;
import java.util.Optional;

/**
 * Where tasks are kept, so that they outlive the request that made them and the process that
 * runs them. A store, not a scheduler: it records what the task runner decides and answers
 * for every task, whichever process ran it.
 *
 * <p><b>Leases.</b> Every unfinished task is held by an owner (a process) under a lease that the
 * owner renews while it lives ({@link #renewLeases}). A lease ends at {@code leaseExpiresAt} on the
 * store's one clock, the same for every process sharing the store; from then on the owner no
 * longer holds the task: its writes change nothing, and {@link #expireLeases} fails the task as
 * {@code interrupted}. A live owner's tasks are never expired by another process.
 *
 * <p><b>Owner writes</b> ({@link #start}, {@link #reportProgress}, {@link #complete},
 * {@link #fail}, {@link #cancel}) return the task as the write left it, or empty when the owner
 * does not hold the task's lease (it ran out, the task was expired or has ended, or another owner
 * holds it): nothing changed then.
 *
 * <p>Throws only {@link io.graphstaging.core.error.StagingException}: {@code TASK_NOT_FOUND} for
 * an id that names no task, {@code REGISTRY_FAILED} when the store cannot be reached or fails.
 */
public interface TaskStore {

    /**
     * Records a {@code pending} task held under {@code lease}, unless its graph already has
     * {@code maxQueued} queued tasks ({@link #countQueued}); both in one step, so that concurrent
     * creates never queue more.
     *
     * @throws io.graphstaging.core.error.StagingException {@code TASK_QUEUE_FULL}
     */
    Task create(NewTask task, TaskLease lease, int maxQueued);

    /**
     * Starts a pending task whose lease has not run out: it becomes {@code running}, held by
     * {@code lease}'s owner (which may differ from the one that queued it), with its start time.
     * Empty when the task is not pending (cancelled, expired, already started) or its lease ran out.
     */
    Optional<Task> start(TaskId id, TaskLease lease);

    /**
     * Renews, in one step, the lease of every pending or running task that {@code lease}'s owner
     * still holds, to {@code lease}'s term from now. Tasks whose lease already ran out stay lost.
     *
     * @return the tasks the owner holds now, oldest first: one missing from a previous renewal
     *         was lost; one with {@code cancelRequested} is to be stopped
     */
    List<Task> renewLeases(TaskLease lease);

    /** Records how far a running task has gone. */
    Optional<Task> reportProgress(TaskId id, TaskOwner owner, TaskProgress progress);

    /** Completes a running task with its result, the synchronous answer as JSON text. */
    Optional<Task> complete(TaskId id, TaskOwner owner, String result);

    /** Fails a pending or running task with the error it met. */
    Optional<Task> fail(TaskId id, TaskOwner owner, TaskError error);

    /** Marks a pending or running task cancelled: its owner stopped the work (or never began it). */
    Optional<Task> cancel(TaskId id, TaskOwner owner);

    /**
     * Asks for a task to be cancelled, by anyone. A pending task is {@code cancelled} at once (it
     * never runs); a running one is marked {@code cancelRequested} for its owner, which learns it
     * from its next renewal or write and then stops the work and calls {@link #cancel}. An ended
     * task is returned unchanged.
     *
     * @return the task as the request left it
     */
    Task requestCancel(TaskId id);

    /** The task; empty when no task has this id. */
    Optional<Task> find(TaskId id);

    /** Tasks matching the query, newest first (by creation time, then id). */
    List<Task> list(TaskQuery query);

    /** How many tasks wait in the graph's queue: pending, with a lease that has not run out. */
    int countQueued(GraphId graph);

    /**
     * Fails, as {@code interrupted}, every pending or running task whose lease ran out, whichever
     * owner held it. A task that a write holds at that moment is left for the next call.
     *
     * @return the tasks it failed, oldest first
     */
    List<Task> expireLeases();
}
