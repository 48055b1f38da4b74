#pragma once
// A still image file (PNG, JPEG, …) loaded as its luminance plane, for `kioskctl decode`.

#include "decodecascade.h"

#include <QString>

#include <optional>
#include <vector>

namespace kiosk::scanner {

struct LumaImage
{
    int width = 0;
    int height = 0;
    std::vector<unsigned char> pixels; // stride == width
    LumaView view() const { return LumaView{pixels.data(), width, height, width}; }
};

// nullopt with `error` set when the file is missing, unreadable, not an image, or too large.
std::optional<LumaImage> loadLumaImage(const QString &path, QString *error);

} // namespace kiosk::scanner
