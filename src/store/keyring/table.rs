//! The keyring's file layout: a small header, then an open-addressed hash
//! table of fixed slots, each a person's keyed hash and their wrapped data
//! key. A person's home slot is their hash scaled to the table's capacity,
//! so the table keeps people in hash order: a collision takes the next free
//! slot, the file simply grows past the last home slot rather than wrapping
//! around, and a larger table is written in one streaming pass.

use crate::store::vault::{PERSON_BYTES, PersonKey, WRAPPED_BYTES};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

/// A person's data key as the vault wrapped it.
pub type Wrapped = [u8; WRAPPED_BYTES];

const MAGIC: &[u8; 16] = b"securebase keys3";
const HEADER_BYTES: u64 = 64;
const SLOT_BYTES: usize = PERSON_BYTES + WRAPPED_BYTES;
/// The hash of a slot never used; it ends every probe.
const EMPTY: PersonKey = [0; PERSON_BYTES];
/// The hash of a slot whose key was destroyed; probes go on past it.
const DESTROYED: PersonKey = [0xFF; PERSON_BYTES];
/// The slots read at once while probing.
const PROBE_SLOTS: usize = 8;
/// The capacity of a new table.
pub const FIRST_CAPACITY: u64 = 1024;
/// The buffer of the streaming passes over a whole table.
const STREAM_BYTES: usize = 1 << 20;

/// Where a person's slot is, or where it would go.
pub enum Probe {
    Found(u64, Wrapped),
    Free(u64),
}

pub struct Table {
    file: File,
    /// The number of home slots.
    capacity: u64,
    /// Slots ever taken, destroyed ones included, as the header records it.
    used: u64,
    /// Slots in the file: the home slots and any that overflowed past them.
    length: u64,
}

impl Table {
    /// A new empty table in `file`, which must be empty and writable.
    pub fn create(file: File, capacity: u64) -> std::io::Result<Table> {
        let table = Table {
            file,
            capacity,
            used: 0,
            length: capacity,
        };
        table
            .file
            .set_len(HEADER_BYTES + capacity * SLOT_BYTES as u64)?;
        table.write_header()?;
        Ok(table)
    }

    /// The table in `file`; anything else is refused as not a keyring.
    pub fn open(file: File) -> std::io::Result<Table> {
        let mut header = [0u8; HEADER_BYTES as usize];
        file.read_exact_at(&mut header, 0)
            .map_err(|_| not_a_keyring())?;
        if !header.starts_with(MAGIC) {
            return Err(not_a_keyring());
        }
        let number = |at: usize| {
            u64::from_be_bytes(header[at..at + 8].try_into().expect("eight header bytes"))
        };
        let (capacity, used) = (number(16), number(24));
        if capacity == 0 {
            return Err(not_a_keyring());
        }
        let length = file.metadata()?.len().saturating_sub(HEADER_BYTES) / SLOT_BYTES as u64;
        if length < capacity {
            file.set_len(HEADER_BYTES + capacity * SLOT_BYTES as u64)?;
        }
        Ok(Table {
            file,
            capacity,
            used,
            length: length.max(capacity),
        })
    }

    /// Whether `file` begins like a table (and not like an older keyring).
    pub fn recognises(file: &File) -> std::io::Result<bool> {
        let mut magic = [0u8; MAGIC.len()];
        match file.read_exact_at(&mut magic, 0) {
            Ok(()) => Ok(&magic == MAGIC),
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// The room a table needs for `more` people besides the slots this
    /// one has taken, keeping at most half the home slots used.
    pub fn capacity_for(used: u64, more: u64) -> u64 {
        (used + more)
            .saturating_mul(2)
            .next_power_of_two()
            .max(FIRST_CAPACITY)
    }

    /// Whether adding `more` people would take over 70% of the home slots.
    pub fn crowded_by(&self, more: u64) -> bool {
        (self.used + more) * 10 > self.capacity * 7
    }

    /// The capacity this table should grow to before adding `more`.
    pub fn grown_capacity(&self, more: u64) -> u64 {
        Table::capacity_for(self.used, more).max(self.capacity)
    }

    /// The person's slot, or the free slot where they would go.
    pub fn find(&self, person: &PersonKey) -> std::io::Result<Probe> {
        let mut position = home(person, self.capacity);
        let mut window = [0u8; PROBE_SLOTS * SLOT_BYTES];
        while position < self.length {
            let count = (self.length - position).min(PROBE_SLOTS as u64) as usize;
            let bytes = &mut window[..count * SLOT_BYTES];
            self.file.read_exact_at(bytes, offset(position))?;
            for slot in bytes.chunks_exact(SLOT_BYTES) {
                let (tag, wrapped) = slot.split_at(PERSON_BYTES);
                if tag == person {
                    return Ok(Probe::Found(
                        position,
                        wrapped.try_into().expect("a slot holds one wrapped key"),
                    ));
                }
                if tag == EMPTY {
                    return Ok(Probe::Free(position));
                }
                position += 1;
            }
        }
        Ok(Probe::Free(position))
    }

    /// Writes the person's wrapped key into their slot, or a free one; it
    /// is durable after [`Table::durable`].
    pub fn put(&mut self, person: &PersonKey, wrapped: &Wrapped) -> std::io::Result<()> {
        let position = match self.find(person)? {
            Probe::Found(position, _) => position,
            Probe::Free(position) => {
                self.used += 1;
                position
            }
        };
        self.write_slot(position, person, wrapped)
    }

    /// Overwrites the person's slot, hash and key, so it names nobody and
    /// opens nothing; whether they had one. Durable after [`Table::durable`].
    pub fn destroy(&mut self, person: &PersonKey) -> std::io::Result<bool> {
        match self.find(person)? {
            Probe::Found(position, _) => {
                self.write_slot(position, &DESTROYED, &[0u8; WRAPPED_BYTES])?;
                Ok(true)
            }
            Probe::Free(_) => Ok(false),
        }
    }

    /// Records the header and makes every write so far durable.
    pub fn durable(&self) -> std::io::Result<()> {
        self.write_header()?;
        self.file.sync_data()
    }

    /// This table's live keys written into `file` as a table of `capacity`
    /// (no smaller than this one's), made durable. Destroyed slots are left
    /// behind, and so is a slot no probe could reach (a write a crash cut).
    ///
    /// The pass streams: each run of taken slots here, sorted by hash, lands
    /// in hash order in the new table, since a run that starts at home slot
    /// `s` and is `n` long only holds hashes whose new home lies in
    /// `[k·s, k·(s + n))` when the capacity grows `k`-fold.
    pub fn rebuilt(&self, file: File, capacity: u64) -> std::io::Result<Table> {
        if capacity < self.capacity || !capacity.is_multiple_of(self.capacity) {
            return Err(std::io::Error::other(
                "a keyring only grows by whole multiples",
            ));
        }
        let mut table = Table::create(file, capacity)?;
        let mut writer = Placer::new(&table.file, capacity)?;
        let mut reader = BufReader::with_capacity(STREAM_BYTES, self.file.try_clone()?);
        reader.seek(SeekFrom::Start(HEADER_BYTES))?;
        let mut run: Vec<(PersonKey, Wrapped)> = Vec::new();
        let mut run_start = 0;
        let mut slot = [0u8; SLOT_BYTES];
        for position in 0..self.length {
            reader.read_exact(&mut slot)?;
            let (tag, wrapped) = slot.split_at(PERSON_BYTES);
            let tag: PersonKey = tag.try_into().expect("a slot begins with a hash");
            if tag == EMPTY {
                writer.place(&mut run)?;
                run_start = position + 1;
            } else if tag != DESTROYED
                && (run_start..=position).contains(&home(&tag, self.capacity))
            {
                run.push((tag, wrapped.try_into().expect("then a wrapped key")));
            }
        }
        writer.place(&mut run)?;
        let (placed, end) = writer.finish()?;
        table.used = placed;
        table.length = end.max(capacity);
        table.durable()?;
        Ok(table)
    }

    /// The file the table is in.
    pub fn file(&self) -> &File {
        &self.file
    }

    fn write_slot(
        &mut self,
        position: u64,
        tag: &PersonKey,
        wrapped: &Wrapped,
    ) -> std::io::Result<()> {
        let mut slot = [0u8; SLOT_BYTES];
        slot[..PERSON_BYTES].copy_from_slice(tag);
        slot[PERSON_BYTES..].copy_from_slice(wrapped);
        self.file.write_all_at(&slot, offset(position))?;
        self.length = self.length.max(position + 1);
        Ok(())
    }

    fn write_header(&self) -> std::io::Result<()> {
        let mut header = [0u8; HEADER_BYTES as usize];
        header[..16].copy_from_slice(MAGIC);
        header[16..24].copy_from_slice(&self.capacity.to_be_bytes());
        header[24..32].copy_from_slice(&self.used.to_be_bytes());
        self.file.write_all_at(&header, 0)
    }
}

/// Writes slots in order into a new table, each at its home slot or the
/// first one after the last slot written, with empty slots between.
struct Placer {
    writer: BufWriter<File>,
    capacity: u64,
    /// The slot the writer is at.
    next: u64,
    last_home: u64,
    placed: u64,
}

impl Placer {
    fn new(file: &File, capacity: u64) -> std::io::Result<Placer> {
        let mut writer = BufWriter::with_capacity(STREAM_BYTES, file.try_clone()?);
        writer.seek(SeekFrom::Start(HEADER_BYTES))?;
        Ok(Placer {
            writer,
            capacity,
            next: 0,
            last_home: 0,
            placed: 0,
        })
    }

    /// Places a run of slots, sorted by hash, and empties it.
    fn place(&mut self, run: &mut Vec<(PersonKey, Wrapped)>) -> std::io::Result<()> {
        run.sort_unstable_by_key(|(tag, _)| *tag);
        for (tag, wrapped) in run.drain(..) {
            let home = home(&tag, self.capacity);
            if home < self.last_home {
                return Err(std::io::Error::other(
                    "the keyring's slots are out of hash order; it was left as it was",
                ));
            }
            self.last_home = home;
            let position = home.max(self.next);
            for _ in self.next..position {
                self.writer.write_all(&[0u8; SLOT_BYTES])?;
            }
            self.writer.write_all(&tag)?;
            self.writer.write_all(&wrapped)?;
            self.next = position + 1;
            self.placed += 1;
        }
        Ok(())
    }

    /// How many slots were placed, and the slot after the last one.
    fn finish(mut self) -> std::io::Result<(u64, u64)> {
        self.writer.flush()?;
        Ok((self.placed, self.next))
    }
}

/// The person's home slot: their hash's first eight bytes scaled to the
/// capacity, so the order of homes is the order of hashes.
fn home(person: &PersonKey, capacity: u64) -> u64 {
    let hash = u64::from_be_bytes(person[..8].try_into().expect("a hash has eight bytes"));
    ((u128::from(hash) * u128::from(capacity)) >> 64) as u64
}

fn offset(position: u64) -> u64 {
    HEADER_BYTES + position * SLOT_BYTES as u64
}

fn not_a_keyring() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "the keyring file is not one this build reads (damaged, or from a newer securebase)",
    )
}

/// Overwrites all of `file` with zeros and makes that durable.
pub fn zero(file: &File) -> std::io::Result<()> {
    let zeros = vec![0u8; STREAM_BYTES];
    let length = file.metadata()?.len();
    let mut at = 0;
    while at < length {
        let count = (length - at).min(STREAM_BYTES as u64) as usize;
        file.write_all_at(&zeros[..count], at)?;
        at += count as u64;
    }
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_leaves_destroyed_and_unreachable_slots_behind() {
        let mut table = Table::create(tempfile::tempfile().unwrap(), 16).unwrap();
        let at_home = |home: u8, last: u8| {
            let mut person = [last; PERSON_BYTES];
            person[..8].copy_from_slice(&(u64::from(home) << 60).to_be_bytes());
            person
        };
        let (first, second, gone) = (at_home(3, 1), at_home(3, 2), at_home(3, 3));
        for person in [first, gone, second] {
            table.put(&person, &[person[15]; WRAPPED_BYTES]).unwrap();
        }
        table.destroy(&gone).unwrap();
        let torn = at_home(9, 4);
        table.write_slot(6, &torn, &[4; WRAPPED_BYTES]).unwrap();
        table.durable().unwrap();
        let grown = table.rebuilt(tempfile::tempfile().unwrap(), 64).unwrap();
        assert_eq!(grown.used, 2, "only the two live keys are carried over");
        for person in [first, second] {
            assert!(
                matches!(grown.find(&person).unwrap(), Probe::Found(_, key) if key[0] == person[15])
            );
        }
        assert!(matches!(grown.find(&gone).unwrap(), Probe::Free(_)));
        assert!(matches!(grown.find(&torn).unwrap(), Probe::Free(_)));
        assert!(table.rebuilt(tempfile::tempfile().unwrap(), 24).is_err());
    }
}
