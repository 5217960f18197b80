#include <vector>

// Sum of the even numbers in a list.
int sum_even(const std::vector<int>& values) {
    int total = 0;
    for (int v : values) {
        if (v % 2 == 0) {
            <|hole|>
        }
    }
    return <|hole|>;
}
