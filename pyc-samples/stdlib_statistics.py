import statistics as st
data = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(data), st.median(data), st.mode(data), st.pstdev(data), st.stdev(data))
print(st.variance(data), st.pvariance(data), st.median_low([1,2,3,4]), st.median_high([1,2,3,4]))
print(st.fmean([1.5, 2.5]), st.geometric_mean([1, 10, 100]), st.harmonic_mean([40, 60]))
print(st.multimode("aabbbcc"), st.quantiles([1,2,3,4,5,6,7,8,9,10], n=4))
from fractions import Fraction
print(st.mean([Fraction(1,2), Fraction(1,3)]))
try:
    st.mean([])
except st.StatisticsError as e:
    print("error:", e)
