//! The data directory at rest: nothing a person wrote, nor their id, can be
//! read from its raw files; a deletion leaves no key, value or data key of
//! theirs behind, down to the bytes; a wrong or missing key is refused
//! without touching anything; a schema-1 directory is sealed on first open,
//! and a schema-2 keyring is replaced by one found by person.

use crate::support::{Bot, assert_says};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use securebase::core::journal::{Entry, JournalEntry};
use securebase::core::repository::Repository;
use securebase::core::{Platform, Who};
use securebase::store::Store;
use securebase::store::codec;
use securebase::store::vault::{KeySource, StoreKey};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SENTENCE: &str = "I could ask how her day went before assuming the worst";

fn person(id: &str) -> Who {
    Who::new(Platform::Matrix, id)
}

fn open(dir: &Path) -> Arc<Store> {
    Arc::new(Store::open(&dir.join("store"), KeySource::key_file_in(dir)).unwrap())
}

/// Why the store in `dir` would not open, which it must not.
fn refusal(dir: &Path) -> String {
    Store::open(&dir.join("store"), KeySource::key_file_in(dir))
        .err()
        .expect("the store is refused")
        .to_string()
}

/// The answer of a reflection.
fn answer(entry: &JournalEntry) -> &str {
    match &entry.entry {
        Entry::Reflection { answer, .. } => answer,
        other => panic!("not a reflection: {other:?}"),
    }
}

/// A consented person with a reflection in their journal and a schedule.
fn someone_who_wrote(store: &Arc<Store>, who: Who, sentence: &str) -> Bot {
    let mut bot = Bot::on(store.clone(), "GB");
    bot.who = who;
    bot.command("start");
    bot.pick("onboarding.yes");
    bot.command("reflect empathy");
    assert_says(&bot.line(sentence), "Saved");
    bot.line("!timezone Europe/Berlin");
    assert_says(&bot.line("!schedule set daily 20:00"), "every day at 20:00");
    bot
}

/// Every file under `dir`, by path, with its bytes.
fn raw_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The files of `dir` that contain `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    raw_files(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|window| window == needle))
        .map(|(path, _)| path)
        .collect()
}

/// Every record of every tree that contains `needle` in its key or value.
fn records_holding(store: &Store, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (name, tree) in store.trees() {
        for item in tree.iter() {
            let (key, value) = item.unwrap();
            let record = [key.as_ref(), value.as_ref()].concat();
            if record.windows(needle.len()).any(|window| window == needle) {
                found.push(name.clone());
            }
        }
    }
    found
}

#[test]
fn the_raw_files_hold_neither_what_was_written_nor_who_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let who = person("@quiet-heron-4417:example.org");
    someone_who_wrote(&store, who.clone(), SENTENCE);
    let marker = b"an unsealed marker the raw files must show";
    let (_, meta) = store
        .trees()
        .into_iter()
        .find(|(name, _)| name == "meta")
        .unwrap();
    meta.insert("marker", &marker[..]).unwrap();
    meta.flush().unwrap();

    assert!(
        !holding(dir.path(), marker).is_empty(),
        "the scan sees what sled writes unsealed"
    );
    assert_eq!(
        holding(dir.path(), SENTENCE.as_bytes()),
        Vec::<PathBuf>::new()
    );
    assert_eq!(holding(dir.path(), b"quiet-heron"), Vec::<PathBuf>::new());
    assert_eq!(
        answer(&store.recent_journal(&who, 5).unwrap()[0]),
        SENTENCE,
        "the journal reads back whole"
    );
}

#[test]
fn a_deletion_leaves_nothing_of_the_person_down_to_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let leaving = person("@leaving-otter-9021:example.org");
    let staying = person("@staying-wren-3385:example.org");
    let mut bot = someone_who_wrote(&store, leaving.clone(), SENTENCE);
    someone_who_wrote(&store, staying.clone(), "I can wait for a reply");
    let leaving_key = store.person_key(&leaving);
    assert!(
        records_holding(&store, &leaving_key).len() >= 4,
        "profile, journal, schedule and due entry name them"
    );
    let keyring = dir.path().join("store").join("keyring");
    let slots_before = std::fs::read(&keyring).unwrap();
    let names = |bytes: &[u8]| {
        bytes
            .windows(leaving_key.len())
            .any(|window| window == leaving_key)
    };
    assert!(
        names(&slots_before),
        "their slot is found by their keyed hash"
    );

    bot.line("mydata delete");
    assert_says(&bot.pick("delete.yes"), "Everything is erased");

    assert_eq!(records_holding(&store, &leaving_key), Vec::<String>::new());
    assert_eq!(
        records_holding(&store, b"leaving-otter"),
        Vec::<String>::new()
    );
    assert!(store.load(&leaving).unwrap().user.is_none());
    let destroyed: Vec<&[u8]> = slots_before[KEYRING_HEADER..]
        .chunks(KEYRING_SLOT)
        .zip(std::fs::read(&keyring).unwrap()[KEYRING_HEADER..].chunks(KEYRING_SLOT))
        .filter(|(before, after)| before != after)
        .map(|(before, _)| before)
        .collect();
    assert_eq!(destroyed.len(), 1, "exactly their data key was destroyed");
    assert_eq!(holding(dir.path(), destroyed[0]), Vec::<PathBuf>::new());
    assert!(
        !names(&std::fs::read(&keyring).unwrap()),
        "the keyring no longer names them"
    );
    assert_eq!(
        holding(dir.path(), SENTENCE.as_bytes()),
        Vec::<PathBuf>::new()
    );
    assert_eq!(holding(dir.path(), b"leaving-otter"), Vec::<PathBuf>::new());

    let stayed = store.recent_journal(&staying, 5).unwrap();
    assert_eq!(answer(&stayed[0]), "I can wait for a reply");
    assert!(store.load(&staying).unwrap().schedule.is_some());
}

#[test]
fn a_wrong_key_is_refused_before_anything_is_read_or_changed() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let right = "1c".repeat(32);
    {
        let store = Arc::new(
            Store::open(
                &store_dir,
                KeySource::Given(StoreKey::from_hex(&right).unwrap()),
            )
            .unwrap(),
        );
        someone_who_wrote(&store, person("@ann:example.org"), SENTENCE);
    }
    let before = (everything_in(&store_dir), raw_files(&store_dir));
    let error = Store::open(
        &store_dir,
        KeySource::Given(StoreKey::from_hex(&"2d".repeat(32)).unwrap()),
    )
    .err()
    .expect("a wrong key is refused")
    .to_string();
    assert!(
        error.contains("does not open this data directory") && error.contains("nothing was"),
        "{error}"
    );
    let after = (everything_in(&store_dir), raw_files(&store_dir));
    assert!(before.0 == after.0, "every record is as it was");
    assert_eq!(
        before.1.keys().collect::<Vec<_>>(),
        after.1.keys().collect::<Vec<_>>(),
        "no file was added or removed"
    );
    let keyring = store_dir.join("keyring");
    assert!(
        before.1[&keyring] == after.1[&keyring],
        "the keyring is as it was"
    );
    let store = Store::open(
        &store_dir,
        KeySource::Given(StoreKey::from_hex(&right).unwrap()),
    )
    .unwrap();
    assert_eq!(
        answer(
            &store
                .recent_journal(&person("@ann:example.org"), 1)
                .unwrap()[0]
        ),
        SENTENCE
    );
}

/// A closed database, opened with sled alone.
fn closed_db(store_dir: &Path) -> sled::Db {
    (0..40)
        .find_map(|_| {
            sled::open(store_dir)
                .inspect_err(|_| std::thread::sleep(std::time::Duration::from_millis(50)))
                .ok()
        })
        .expect("the database opens once its last user has closed it")
}

/// Every record of every tree of a closed database, read with sled alone.
fn everything_in(store_dir: &Path) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let db = closed_db(store_dir);
    let mut records = Vec::new();
    for name in db.tree_names() {
        for item in db.open_tree(&name).unwrap().iter() {
            let (key, value) = item.unwrap();
            records.push((name.to_vec(), key.to_vec(), value.to_vec()));
        }
    }
    records
}

#[test]
fn a_missing_key_file_is_refused_and_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    someone_who_wrote(&open(dir.path()), person("@ann:example.org"), SENTENCE);
    let key_file = dir.path().join("store.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is its owner's alone");
    }
    std::fs::remove_file(&key_file).unwrap();
    let error = refusal(dir.path());
    assert!(error.contains("its key is not here"), "{error}");
    assert!(error.contains("SECUREBASE_STORE_KEY"), "{error}");
    assert!(!key_file.exists(), "no new key was made for old data");
}

#[test]
fn a_missing_keyring_is_refused_and_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    someone_who_wrote(&open(dir.path()), person("@ann:example.org"), SENTENCE);
    let keyring = dir.path().join("store").join("keyring");
    std::fs::remove_file(&keyring).unwrap();
    let error = refusal(dir.path());
    assert!(
        error.contains("keyring") && error.contains("is missing"),
        "{error}"
    );
    assert!(
        !keyring.exists(),
        "no empty keyring stands in for the lost one"
    );
}

#[test]
fn a_schema_1_directory_is_sealed_on_first_open() {
    let written = tempfile::tempdir().unwrap();
    let who = person("@early-adopter-5150:example.org");
    let (user, entry) = {
        let store = open(written.path());
        someone_who_wrote(&store, who.clone(), SENTENCE);
        (
            store.load(&who).unwrap().user.unwrap(),
            store.recent_journal(&who, 1).unwrap().remove(0),
        )
    };
    let old = tempfile::tempdir().unwrap();
    let old_store = old.path().join("store");
    {
        let db = sled::open(&old_store).unwrap();
        let person_key = b"m@early-adopter-5150:example.org";
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", &1u32.to_be_bytes())
            .unwrap();
        db.open_tree("users")
            .unwrap()
            .insert(person_key, codec::encode(&user).unwrap())
            .unwrap();
        let mut journal_key = (person_key.len() as u16).to_be_bytes().to_vec();
        journal_key.extend_from_slice(person_key);
        journal_key.extend_from_slice(&[0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 1]);
        db.open_tree("journal")
            .unwrap()
            .insert(journal_key, codec::encode(&entry).unwrap())
            .unwrap();
        db.flush().unwrap();
    }

    let store = open(old.path());
    assert_eq!(store.load(&who).unwrap().user, Some(user));
    assert_eq!(store.recent_journal(&who, 5).unwrap(), vec![entry]);
    assert_eq!(
        records_holding(&store, b"early-adopter"),
        Vec::<String>::new()
    );
    assert_eq!(
        records_holding(&store, SENTENCE.as_bytes()),
        Vec::<String>::new()
    );
}

/// The keyring file's header, and each slot: a keyed hash, then a wrapped key.
const KEYRING_HEADER: usize = 64;
const KEYRING_SLOT: usize = 16 + 72;

/// The cipher that wraps data keys, derived from the key file in `dir`
/// the way the store derives it.
fn wrapping_cipher(dir: &Path) -> XChaCha20Poly1305 {
    let master = hex::decode(
        std::fs::read_to_string(dir.join("store.key"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let mut wrapping = [0u8; 32];
    hkdf::Hkdf::<sha2::Sha256>::new(Some(b"securebase store"), &master)
        .expand(b"data key wrap v1", &mut wrapping)
        .unwrap();
    XChaCha20Poly1305::new(&wrapping.into())
}

/// Rewrites the closed schema-3 directory `dir` as schema 2 kept it: each
/// data key appended to the keyring, wrapped for its person and slot
/// number, and found through a `data_keys` tree. Returns the old slots.
fn as_schema_2(dir: &Path) -> Vec<Vec<u8>> {
    let store_dir = dir.join("store");
    let cipher = wrapping_cipher(dir);
    let table = std::fs::read(store_dir.join("keyring")).unwrap();
    let db = closed_db(&store_dir);
    let data_keys = db.open_tree("data_keys").unwrap();
    let mut slots = Vec::new();
    for slot in table[KEYRING_HEADER..].chunks_exact(KEYRING_SLOT) {
        let (person, wrapped) = slot.split_at(16);
        if person.iter().all(|&byte| byte == 0) || person.iter().all(|&byte| byte == 0xFF) {
            continue;
        }
        let (nonce, sealed) = wrapped.split_at(24);
        let key = cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: person,
                },
            )
            .unwrap();
        let number = (slots.len() as u64).to_be_bytes();
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = [person, number.as_slice()].concat();
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &key,
                    aad: &aad,
                },
            )
            .unwrap();
        slots.push([nonce.as_slice(), &sealed].concat());
        data_keys.insert(person, &number).unwrap();
    }
    db.open_tree("meta")
        .unwrap()
        .insert("schema_version", &2u32.to_be_bytes())
        .unwrap();
    db.flush().unwrap();
    std::fs::write(store_dir.join("keyring"), slots.concat()).unwrap();
    slots
}

/// The schema version stamped in the store, and whether it has a `data_keys` tree.
fn schema_of(store: &Store) -> (Vec<u8>, bool) {
    let trees = store.trees();
    let meta = &trees.iter().find(|(name, _)| name == "meta").unwrap().1;
    (
        meta.get("schema_version").unwrap().unwrap().to_vec(),
        trees.iter().any(|(name, _)| name == "data_keys"),
    )
}

#[test]
fn a_schema_2_keyring_is_replaced_by_one_found_by_person() {
    let dir = tempfile::tempdir().unwrap();
    let (ann, bo) = (person("@ann:example.org"), person("@bo:example.org"));
    {
        let store = open(dir.path());
        someone_who_wrote(&store, ann.clone(), SENTENCE);
        someone_who_wrote(&store, bo.clone(), "I can wait for a reply");
    }
    let old_slots = as_schema_2(dir.path());
    assert_eq!(old_slots.len(), 2, "one data key each");
    let keyring = dir.path().join("store").join("keyring");
    let backup = dir.path().join("keyring.backup");
    std::fs::rename(&keyring, &backup).unwrap();
    let error = refusal(dir.path());
    assert!(error.contains("is missing"), "{error}");
    std::fs::rename(&backup, &keyring).unwrap();
    let emptied: Vec<_> = {
        let db = closed_db(&dir.path().join("store"));
        let tree = db.open_tree("data_keys").unwrap();
        let entries = tree.iter().map(Result::unwrap).collect();
        tree.clear().unwrap();
        db.flush().unwrap();
        entries
    };
    let error = refusal(dir.path());
    assert!(
        error.contains("data_keys tree that finds them is empty"),
        "{error}"
    );
    {
        let db = closed_db(&dir.path().join("store"));
        let tree = db.open_tree("data_keys").unwrap();
        for (person, slot) in emptied {
            tree.insert(person, slot).unwrap();
        }
        db.flush().unwrap();
    }

    let store = open(dir.path());
    assert_eq!(answer(&store.recent_journal(&ann, 1).unwrap()[0]), SENTENCE);
    assert_eq!(
        answer(&store.recent_journal(&bo, 1).unwrap()[0]),
        "I can wait for a reply"
    );
    assert!(store.load(&ann).unwrap().schedule.is_some());
    assert_eq!(schema_of(&store), (3u32.to_be_bytes().to_vec(), false));
    for slot in &old_slots {
        assert_eq!(
            holding(dir.path(), slot),
            Vec::<PathBuf>::new(),
            "no file keeps a key as schema 2 wrapped it"
        );
    }
    let files: Vec<PathBuf> = raw_files(&dir.path().join("store"))
        .into_keys()
        .filter(|path| path.to_string_lossy().contains("keyring"))
        .collect();
    assert_eq!(files, vec![dir.path().join("store").join("keyring")]);
    let ann_key = store.person_key(&ann);
    drop(store);

    let db = closed_db(&dir.path().join("store"));
    db.open_tree("meta")
        .unwrap()
        .insert("schema_version", &2u32.to_be_bytes())
        .unwrap();
    db.open_tree("data_keys")
        .unwrap()
        .insert(ann_key, &0u64.to_be_bytes())
        .unwrap();
    db.flush().unwrap();
    drop(db);
    let store = open(dir.path());
    assert_eq!(
        schema_of(&store),
        (3u32.to_be_bytes().to_vec(), false),
        "an upgrade cut short after the keyring was replaced is finished"
    );
    assert_eq!(answer(&store.recent_journal(&ann, 1).unwrap()[0]), SENTENCE);
}
