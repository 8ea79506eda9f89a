//! Files the bot hands over in the terminal (an export) are written to a
//! folder, readable only by the person, and the conversation says where.

use crate::core::content::messages::ExportMessages;
use crate::core::outbound::Attachment;
use crate::private_file::private_file;
use std::io::Write;
use std::path::Path;

/// Writes `attachment` into `folder` and says where, or says it could not.
/// An existing file of that name is replaced.
pub fn write(attachment: &Attachment, folder: &Path, words: &ExportMessages) -> String {
    let path = folder.join(&attachment.file_name);
    let shown = path.display().to_string();
    match write_private(&path, &attachment.bytes) {
        Ok(()) => words.written.fill(&[("path", &shown)]),
        Err(error) => {
            tracing::error!(path = %shown, %error, "a file for the person could not be written");
            words.not_written.fill(&[("path", &shown)])
        }
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = private_file(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
