// Internal discussion on a thread: comments with threaded replies and @mentions, and notes.
// Neither ever changes the thread's status (SPEC [CM1]).
import type * as Y from 'yjs';
import { commentId as toCommentId } from '../ids.ts';
import type { CommentId, UserId } from '../ids.ts';
import type { Comment, Note } from './types.ts';
import { requireUser, writeThread } from './write.ts';
import type { ThreadOpContext } from './write.ts';

export interface NewComment {
  body: string;
  /** The users @mentioned; each gets a notification (see `notifyMention`). */
  mentions?: readonly UserId[];
  /** Replying to this comment. */
  parentId?: CommentId;
}

export function addComment(doc: Y.Doc, input: NewComment, ctx: ThreadOpContext): Comment {
  const author = requireUser(ctx);
  if (input.body.trim() === '') throw new Error('empty comment');
  return writeThread(doc, ctx, ({ maps, log }) => {
    const mentions = [...new Set(input.mentions ?? [])];
    const comment: Comment = {
      id: toCommentId(ctx.deps.newId()),
      author,
      body: input.body,
      mentions,
      ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
      at: ctx.deps.now(),
    };
    maps.comments.set(comment.id, comment);
    log({
      type: 'comment-added',
      commentId: comment.id,
      ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
      mentions,
    });
    return comment;
  });
}

/** Only the author deletes; the row stays as a tombstone so replies keep their parent (SPEC [CM2]). */
export function deleteComment(doc: Y.Doc, id: CommentId, ctx: ThreadOpContext): boolean {
  const userId = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }) => {
    const comment = maps.comments.get(id);
    if (!comment || comment.deleted) return false;
    if (comment.author !== userId) throw new Error('only the author deletes a comment');
    maps.comments.set(id, { ...comment, body: '', mentions: [], deleted: true });
    log({ type: 'comment-deleted', commentId: id });
    return true;
  });
}

export function addNote(doc: Y.Doc, body: string, ctx: ThreadOpContext): Note {
  const author = requireUser(ctx);
  return writeThread(doc, ctx, ({ maps, log }) => {
    const at = ctx.deps.now();
    const note: Note = { id: ctx.deps.newId(), author, body, at, updatedAt: at };
    maps.notes.set(note.id, note);
    log({ type: 'note-added', noteId: note.id });
    return note;
  });
}

/** Notes are team-editable; concurrent edits of one note keep one body (SPEC [NT1]). */
export function updateNote(doc: Y.Doc, noteId: string, body: string, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const note = maps.notes.get(noteId);
    if (!note || note.deleted || note.body === body) return false;
    maps.notes.set(noteId, { ...note, body, updatedAt: ctx.deps.now() });
    log({ type: 'note-updated', noteId });
    return true;
  });
}

export function deleteNote(doc: Y.Doc, noteId: string, ctx: ThreadOpContext): boolean {
  return writeThread(doc, ctx, ({ maps, log }) => {
    const note = maps.notes.get(noteId);
    if (!note || note.deleted) return false;
    maps.notes.set(noteId, { ...note, body: '', deleted: true, updatedAt: ctx.deps.now() });
    log({ type: 'note-deleted', noteId });
    return true;
  });
}
