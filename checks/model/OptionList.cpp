//===--- OptionList.cpp - ';'-separated check options ---------------------===//

#include "model/OptionList.h"

#include "llvm/ADT/SmallVector.h"

namespace asynclint::model {

std::vector<std::string> parseOptionList(llvm::StringRef Value) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  Value.split(Parts, ';', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<std::string> Items;
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    if (!Part.empty())
      Items.push_back(Part.str());
  }
  return Items;
}

std::string joinOptionList(llvm::ArrayRef<std::string> Items) {
  std::string Result;
  for (const std::string &Item : Items) {
    if (!Result.empty())
      Result += ';';
    Result += Item;
  }
  return Result;
}

bool parseBoolOption(llvm::StringRef Value) {
  Value = Value.trim();
  return Value.equals_insensitive("true") || Value == "1";
}

} // namespace asynclint::model
