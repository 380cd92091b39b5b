//! Runs independent pieces of work on every core (the file parses of `load`, the output files of `build`), and
//! carries a stream of bytes from one thread to another.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

/// How many worker threads to start for `items` pieces of work: one per core, at least one, at most `items`.
fn threads_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, items.max(1))
}

/// `work` applied to every item, on one thread per core (each with `stack` bytes of stack when given), in the
/// order of `items`.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    stack: Option<usize>,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut done: Vec<(usize, R)> = Vec::with_capacity(items.len());
    for_each_result(items, stack, &work, |index, result| {
        done.push((index, result));
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Runs `work` on every item on one thread per core and hands each result, as soon as it is ready, to `sink`,
/// one result at a time, on the thread that made it (in the order they finish): no result waits for another
/// thread to take it, and memory holds only the pieces in flight. The first error of `sink` stops the remaining
/// work and is returned.
pub fn for_each_result<T: Sync, R: Send, E: Send>(
    items: &[T],
    stack: Option<usize>,
    work: &(impl Fn(&T) -> R + Sync),
    sink: impl FnMut(usize, R) -> Result<(), E> + Send,
) -> Result<(), E> {
    let threads = threads_for(items.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let sink = Mutex::new((sink, Ok(())));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (next, stop, sink) = (&next, &stop, &sink);
                let run = move || {
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            return;
                        };
                        let result = work(item);
                        // A poisoned sink means another worker panicked in it: that panic is what is reported.
                        let Ok(mut sink) = sink.lock() else {
                            return;
                        };
                        let (sink, outcome) = &mut *sink;
                        if outcome.is_ok() {
                            *outcome = sink(index, result);
                            if outcome.is_err() {
                                stop.store(true, Ordering::Relaxed);
                            }
                        }
                    }
                };
                let mut builder = std::thread::Builder::new().name("contracts-worker".to_owned());
                if let Some(bytes) = stack {
                    builder = builder.stack_size(bytes);
                }
                builder
                    .spawn_scoped(scope, run)
                    .unwrap_or_else(|error| panic!("cannot start a worker thread: {error}"))
            })
            .collect();
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    match sink.into_inner() {
        Ok((_, outcome)) => outcome,
        Err(poisoned) => poisoned.into_inner().1,
    }
}

/// How many bytes a pipe sends at a time, and how many such chunks may wait for the reader.
const PIPE_CHUNK: usize = 1 << 20;
const PIPE_CHUNKS_IN_FLIGHT: usize = 4;

/// A bounded pipe between two threads: what is written into the [`PipeWriter`] comes out of the [`PipeReader`],
/// with at most a few chunks held in between.
pub fn pipe() -> (PipeWriter, PipeReader) {
    let (sender, receiver) = mpsc::sync_channel(PIPE_CHUNKS_IN_FLIGHT);
    let writer = PipeWriter {
        sender: Some(sender),
        buffer: Vec::with_capacity(PIPE_CHUNK),
        closed: false,
    };
    (writer, PipeReader { receiver })
}

/// The writing end of a [`pipe`]. End it with [`PipeWriter::close`]: a writer dropped without it (a writer
/// that panicked) makes the reader fail, so that a partial content is never taken for the whole.
pub struct PipeWriter {
    /// `None` once the reader is gone: what is written then is dropped (the reader reports its own failure).
    sender: Option<mpsc::SyncSender<io::Result<Vec<u8>>>>,
    buffer: Vec<u8>,
    closed: bool,
}

impl PipeWriter {
    /// Ends the content: whole, or cut short by `error`, which the reader then returns.
    pub fn close(mut self, error: Option<&io::Error>) {
        self.send_buffer();
        if let Some(error) = error {
            self.send(Err(io::Error::new(error.kind(), error.to_string())));
        }
        self.closed = true;
    }

    fn send_buffer(&mut self) {
        if !self.buffer.is_empty() {
            let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(PIPE_CHUNK));
            self.send(Ok(chunk));
        }
    }

    fn send(&mut self, message: io::Result<Vec<u8>>) {
        if let Some(sender) = &self.sender
            && sender.send(message).is_err()
        {
            self.sender = None;
        }
    }
}

impl Write for PipeWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PIPE_CHUNK {
            self.send_buffer();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for PipeWriter {
    fn drop(&mut self) {
        if !self.closed {
            self.buffer.clear();
            self.send(Err(io::Error::other(
                "the writer stopped before the end of the content",
            )));
        }
    }
}

/// The reading end of a [`pipe`].
pub struct PipeReader {
    receiver: mpsc::Receiver<io::Result<Vec<u8>>>,
}

impl PipeReader {
    /// Copies everything written into the pipe into `out`, until the writer closes it; the writer's error, if
    /// it had one.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        for chunk in self.receiver {
            out.write_all(&chunk?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader of a pipe gets when `content` is written into it on another thread, which then closes it
    /// with `error`, or (`close: false`) drops it.
    fn through_pipe(
        content: &[u8],
        error: Option<io::Error>,
        close: bool,
    ) -> (Vec<u8>, Option<String>) {
        let (mut writer, reader) = pipe();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for piece in content.chunks(1000) {
                    writer.write_all(piece).expect("a pipe write never fails");
                }
                if close {
                    writer.close(error.as_ref());
                }
            });
            let mut out = Vec::new();
            let result = reader.copy_to(&mut out);
            (out, result.err().map(|e| e.to_string()))
        })
    }

    #[test]
    fn a_pipe_carries_its_content_whole_or_says_why_not() {
        let content: Vec<u8> = (0..5 * PIPE_CHUNK + 17).map(|n| (n % 251) as u8).collect();
        let (out, error) = through_pipe(&content, None, true);
        assert!(out == content && error.is_none());
        let (out, error) = through_pipe(b"", None, true);
        assert!(out.is_empty() && error.is_none());
        let (out, error) = through_pipe(b"half", Some(io::Error::other("disk full")), true);
        assert_eq!(
            (out.as_slice(), error.as_deref()),
            (&b"half"[..], Some("disk full"))
        );
        let (_, error) = through_pipe(&content, None, false);
        assert_eq!(
            error.as_deref(),
            Some("the writer stopped before the end of the content")
        );
    }

    #[test]
    fn a_pipe_whose_reader_is_gone_takes_writes_without_failing() {
        let (mut writer, reader) = pipe();
        drop(reader);
        let big = vec![7u8; 10 * PIPE_CHUNK];
        assert!(writer.write_all(&big).is_ok());
        writer.close(None);
    }

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let squares = map(&items, None, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], None, |n| *n).is_empty());
    }

    #[test]
    fn every_result_reaches_the_sink_once() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = vec![0; items.len()];
        for_each_result(&items, Some(1 << 20), &|n| n + 1, |index, value| {
            assert_eq!(value, index + 1);
            seen[index] += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(seen.iter().all(|&count| count == 1));
    }

    #[test]
    fn an_error_of_the_sink_stops_the_work_and_is_returned() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let work = |n: &usize| {
            started.fetch_add(1, Ordering::Relaxed);
            *n
        };
        let outcome = for_each_result(
            &items,
            None,
            &work,
            |_, n| if n >= 3 { Err(n) } else { Ok(()) },
        );
        assert!(outcome.is_err());
        assert!(started.load(Ordering::Relaxed) < items.len());
    }
}
