// File → Open and File → Export: a file browser drawn in ImGui (no Debian package offers
// one). A path box (type a path, Enter), Up, places (recent files, the lessons, home, the
// current file's folder) and the folder's sub-folders and matching files; a click selects,
// a double click or Enter opens. In save mode a file-name box names the file to write.
// The listing is pure (list_directory) and tested without ImGui.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/splitter.h"
#include "app/theme.h"

namespace condlab::app {

struct DirEntry {
    std::string name; ///< file or folder name
    bool is_dir = false;
};

/// The folders and the files ending in `extension` ("" = every file) of `dir`: folders
/// first, then files, each sorted by name; hidden entries (".x") skipped. Unreadable
/// folders give an empty list and `error`.
[[nodiscard]] std::vector<DirEntry> list_directory(const std::filesystem::path& dir,
                                                   const std::string& extension,
                                                   std::string* error = nullptr);

/// Puts `path` first in `recent` (no duplicates), keeping at most `max` entries.
void add_recent_file(std::vector<std::string>& recent, const std::string& path,
                     std::size_t max = 8);

enum class BrowserMode { Open, Save };

struct FileBrowserState {
    BrowserMode mode = BrowserMode::Open;
    std::string title = "Open file"; ///< popup title (also its ImGui id)
    std::string extension = ".py";   ///< the files listed
    std::filesystem::path dir;       ///< the folder shown
    std::string path_text;           ///< the path box
    std::string file_name;           ///< save mode: the name to write
    std::string selected;            ///< selected entry's name
    std::vector<DirEntry> entries;
    std::string error;
    bool listed = false;       ///< entries belong to `dir`
    bool open_request = false; ///< open the popup next frame
    /// Places on the left: label and path.
    std::vector<std::pair<std::string, std::filesystem::path>> places;
    const std::vector<std::string>* recent = nullptr; ///< recent files (open mode)
    bool visible = false;                             ///< the popup was drawn last frame
    /// Tests: entries ("entry:NAME") and buttons ("button:Open") record their rectangles.
    std::vector<std::pair<std::string, Rect>>* item_rects = nullptr;
};

/// Opens the browser on `dir` next frame.
void browse(FileBrowserState& s, BrowserMode mode, std::string title, std::string extension,
            const std::filesystem::path& dir, std::string file_name = {});
/// Shows `dir` (re-lists it).
void browser_enter(FileBrowserState& s, const std::filesystem::path& dir);

/// Draws the popup (call every frame). Returns the chosen path once: the file to open, or
/// in save mode the file to write.
std::optional<std::filesystem::path> draw_file_browser(FileBrowserState& s, const Palette& pal);

} // namespace condlab::app
