//! Files the bot hands over in the terminal are written readable only by
//! the person, and the conversation says where: an export into a folder, a
//! chart to the file named with `--chart`.

use crate::core::content::messages::ExportMessages;
use crate::core::content::text::Text;
use crate::core::outbound::Attachment;
use crate::private_file::private_file;
use std::io::Write;
use std::path::Path;

/// Writes `attachment` into `folder` and says where, or says it could not.
/// An existing file of that name is replaced.
pub fn write(attachment: &Attachment, folder: &Path, words: &ExportMessages) -> String {
    write_to(
        &folder.join(&attachment.file_name),
        &attachment.bytes,
        &words.written,
        &words.not_written,
    )
}

/// Writes `bytes` to `path` and says where with `written`, or says it
/// could not with `not_written`. An existing file is replaced.
pub fn write_to(path: &Path, bytes: &[u8], written: &Text, not_written: &Text) -> String {
    let shown = path.display().to_string();
    match write_private(path, bytes) {
        Ok(()) => written.fill(&[("path", &shown)]),
        Err(error) => {
            tracing::error!(path = %shown, %error, "a file for the person could not be written");
            not_written.fill(&[("path", &shown)])
        }
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
