#pragma once
// Where the real data sets live: a directory given on the command line, else $AGOP_DATA_DIR.
//
// Expected beneath it (scripts/download-data fetches them):
//   adult/adult.data, adult/adult.test, credit-default/UCI_Credit_Card.csv

#include <string>
#include <vector>

namespace agop {

// `path_argument` when not empty, else $AGOP_DATA_DIR; throws Error when neither is set.
std::string resolve_data_dir(const std::string& path_argument);

// Throws Error naming every file of `relative_files` missing under `data_dir` (and the
// dataset they belong to), pointing to scripts/download-data.
void require_data_files(const std::string& data_dir, const std::vector<std::string>& relative_files,
                        const std::string& dataset);

}  // namespace agop
